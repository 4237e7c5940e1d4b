using StaffConductAssistant.Cases;

namespace StaffConductAssistant.Tests.Cases;

/// <summary>The site-ban due process table, tested directly: every state, step and role.</summary>
public class SiteBanWorkflowTests
{
    // Written out a second time, by hand, so a slip in either shows.
    private static readonly HashSet<(SiteBanState, SiteBanAction, StaffRole?, SiteBanState)> Expected =
    [
        (SiteBanState.Provisional, SiteBanAction.RecordRepresentation, StaffRole.Slt, SiteBanState.UnderReview),
        (SiteBanState.Provisional, SiteBanAction.RepresentationDatePassed, null, SiteBanState.UnderReview),
        (SiteBanState.UnderReview, SiteBanAction.RecordRepresentation, StaffRole.Slt, SiteBanState.UnderReview),
        (SiteBanState.UnderReview, SiteBanAction.RepresentationDatePassed, null, SiteBanState.UnderReview),
        (SiteBanState.UnderReview, SiteBanAction.Expire, null, SiteBanState.Lifted),
        (SiteBanState.UnderReview, SiteBanAction.Confirm, StaffRole.Headmistress, SiteBanState.Confirmed),
        (SiteBanState.UnderReview, SiteBanAction.Confirm, StaffRole.ActingHeadmistress, SiteBanState.Confirmed),
        (SiteBanState.UnderReview, SiteBanAction.Lift, StaffRole.Headmistress, SiteBanState.Lifted),
        (SiteBanState.UnderReview, SiteBanAction.Lift, StaffRole.ActingHeadmistress, SiteBanState.Lifted),
        (SiteBanState.Confirmed, SiteBanAction.RecordRepresentation, StaffRole.Slt, SiteBanState.Confirmed),
        (SiteBanState.Confirmed, SiteBanAction.ReviewDateReached, null, SiteBanState.UnderReview),
        (SiteBanState.Confirmed, SiteBanAction.Lift, StaffRole.Headmistress, SiteBanState.Lifted),
        (SiteBanState.Confirmed, SiteBanAction.Lift, StaffRole.ActingHeadmistress, SiteBanState.Lifted),
        (SiteBanState.Confirmed, SiteBanAction.Expire, null, SiteBanState.Lifted),
    ];

    public static TheoryData<SiteBanState, SiteBanAction, StaffRole?> EveryCombination()
    {
        var data = new TheoryData<SiteBanState, SiteBanAction, StaffRole?>();
        foreach (var state in Enum.GetValues<SiteBanState>())
        {
            foreach (var action in Enum.GetValues<SiteBanAction>())
            {
                data.Add(state, action, null);
                foreach (var role in Enum.GetValues<StaffRole>())
                {
                    data.Add(state, action, role);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_table_is_exactly_the_agreed_table()
    {
        var table = SiteBanWorkflow.Transitions.Select(t => (t.From, t.Action, t.Role, t.To)).ToList();
        Assert.Equal(table.Count, table.Distinct().Count());
        Assert.True(Expected.SetEquals(table));
    }

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void Every_state_step_and_role_is_allowed_exactly_when_the_table_says(SiteBanState from, SiteBanAction action, StaffRole? role)
    {
        var expected = Expected.Where(e => e.Item1 == from && e.Item2 == action && e.Item3 == role).Select(e => (SiteBanState?)e.Item4).SingleOrDefault();
        if (expected is { } to)
        {
            Assert.Equal(to, SiteBanWorkflow.Apply(from, action, role, "the reasons"));
        }
        else
        {
            var error = Assert.Throws<WorkflowException>(() => SiteBanWorkflow.Apply(from, action, role, "the reasons"));
            Assert.Equal(Expected.Any(e => e.Item1 == from && e.Item2 == action) ? WorkflowFailure.WrongRole : WorkflowFailure.NotAllowedInState, error.Failure);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    [Fact]
    public void A_ban_is_never_confirmed_before_the_parent_has_been_heard_or_the_date_has_passed()
    {
        Assert.Throws<WorkflowException>(() => SiteBanWorkflow.Apply(SiteBanState.Provisional, SiteBanAction.Confirm, StaffRole.Headmistress, "serious threats"));
        var reviewed = SiteBanWorkflow.Apply(SiteBanState.Provisional, SiteBanAction.RepresentationDatePassed, null, null);
        Assert.Equal(SiteBanState.Confirmed, SiteBanWorkflow.Apply(reviewed, SiteBanAction.Confirm, StaffRole.Headmistress, "serious threats"));
    }

    [Fact]
    public void The_Headmistress_must_give_her_reasons_and_SLT_cannot_decide()
    {
        var noReason = Assert.Throws<WorkflowException>(() => SiteBanWorkflow.Apply(SiteBanState.UnderReview, SiteBanAction.Confirm, StaffRole.Headmistress, " "));
        Assert.Equal(WorkflowFailure.ReasonRequired, noReason.Failure);
        Assert.Equal(WorkflowFailure.WrongRole, Assert.Throws<WorkflowException>(() => SiteBanWorkflow.Apply(SiteBanState.UnderReview, SiteBanAction.Lift, StaffRole.Slt, "ok")).Failure);
    }

    [Fact]
    public void Only_a_lifted_ban_lets_the_parent_back_and_it_is_final()
    {
        Assert.True(SiteBanWorkflow.IsBanned(SiteBanState.Provisional));
        Assert.True(SiteBanWorkflow.IsBanned(SiteBanState.UnderReview));
        Assert.True(SiteBanWorkflow.IsBanned(SiteBanState.Confirmed));
        Assert.False(SiteBanWorkflow.IsBanned(SiteBanState.Lifted));
        Assert.True(SiteBanWorkflow.IsFinal(SiteBanState.Lifted));
        Assert.False(SiteBanWorkflow.IsFinal(SiteBanState.Confirmed));
    }
}
