using StaffConductAssistant.Cases;

namespace StaffConductAssistant.Tests.Cases;

public class CaseWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 10, 30, 0, TimeSpan.Zero);

    // The table written out a second time, independently, so a slip in either shows up.
    private static readonly HashSet<(CaseState, CaseAction, StaffRole, CaseState)> Expected =
    [
        (CaseState.Logged, CaseAction.StartReview, StaffRole.Slt, CaseState.UnderReview),
        (CaseState.Logged, CaseAction.Withdraw, StaffRole.Slt, CaseState.Withdrawn),
        (CaseState.UnderReview, CaseAction.Propose, StaffRole.Slt, CaseState.Proposed),
        (CaseState.UnderReview, CaseAction.Withdraw, StaffRole.Slt, CaseState.Withdrawn),
        (CaseState.Proposed, CaseAction.Approve, StaffRole.Headmistress, CaseState.Approved),
        (CaseState.Proposed, CaseAction.Approve, StaffRole.ActingHeadmistress, CaseState.Approved),
        (CaseState.Proposed, CaseAction.Reject, StaffRole.Headmistress, CaseState.Rejected),
        (CaseState.Proposed, CaseAction.Reject, StaffRole.ActingHeadmistress, CaseState.Rejected),
        (CaseState.Proposed, CaseAction.RequestChanges, StaffRole.Headmistress, CaseState.ChangesRequested),
        (CaseState.Proposed, CaseAction.RequestChanges, StaffRole.ActingHeadmistress, CaseState.ChangesRequested),
        (CaseState.Proposed, CaseAction.Revise, StaffRole.Slt, CaseState.Proposed),
        (CaseState.Proposed, CaseAction.Withdraw, StaffRole.Slt, CaseState.Withdrawn),
        (CaseState.ChangesRequested, CaseAction.Revise, StaffRole.Slt, CaseState.Proposed),
        (CaseState.ChangesRequested, CaseAction.Withdraw, StaffRole.Slt, CaseState.Withdrawn),
        (CaseState.Approved, CaseAction.StartActions, StaffRole.Slt, CaseState.ActionsInProgress),
        (CaseState.Approved, CaseAction.StartActions, StaffRole.Headmistress, CaseState.ActionsInProgress),
        (CaseState.Approved, CaseAction.StartActions, StaffRole.ActingHeadmistress, CaseState.ActionsInProgress),
        (CaseState.Approved, CaseAction.Revise, StaffRole.Slt, CaseState.Proposed),
        (CaseState.ActionsInProgress, CaseAction.CarryOut, StaffRole.Slt, CaseState.ActionsInProgress),
        (CaseState.ActionsInProgress, CaseAction.Close, StaffRole.Slt, CaseState.Closed),
        (CaseState.ActionsInProgress, CaseAction.ChangeMeeting, StaffRole.Slt, CaseState.ActionsInProgress),
        (CaseState.Closed, CaseAction.ChangeMeeting, StaffRole.Slt, CaseState.Closed),
        (CaseState.Logged, CaseAction.TrackTask, StaffRole.Slt, CaseState.Logged),
        (CaseState.UnderReview, CaseAction.TrackTask, StaffRole.Slt, CaseState.UnderReview),
        (CaseState.Proposed, CaseAction.TrackTask, StaffRole.Slt, CaseState.Proposed),
        (CaseState.ChangesRequested, CaseAction.TrackTask, StaffRole.Slt, CaseState.ChangesRequested),
        (CaseState.Approved, CaseAction.TrackTask, StaffRole.Slt, CaseState.Approved),
        (CaseState.ActionsInProgress, CaseAction.TrackTask, StaffRole.Slt, CaseState.ActionsInProgress),
        (CaseState.Logged, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.Logged),
        (CaseState.UnderReview, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.UnderReview),
        (CaseState.Proposed, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.Proposed),
        (CaseState.ChangesRequested, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.ChangesRequested),
        (CaseState.Approved, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.Approved),
        (CaseState.ActionsInProgress, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.ActionsInProgress),
    ];

    public static TheoryData<CaseState, CaseAction, StaffRole> EveryCombination()
    {
        var data = new TheoryData<CaseState, CaseAction, StaffRole>();
        foreach (var state in Enum.GetValues<CaseState>())
        {
            foreach (var action in Enum.GetValues<CaseAction>())
            {
                foreach (var role in Enum.GetValues<StaffRole>())
                {
                    data.Add(state, action, role);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_transition_table_is_exactly_the_agreed_table()
    {
        var table = CaseWorkflow.Transitions.Select(t => (t.From, t.Action, t.Role, t.To)).ToList();

        Assert.Equal(table.Count, table.Distinct().Count());
        Assert.True(Expected.SetEquals(table));
    }

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void Every_state_action_and_role_is_allowed_exactly_when_the_table_says(CaseState from, CaseAction action, StaffRole role)
    {
        var actor = new Actor("someone@stjohnspriory.co.uk", role);
        var expected = Expected.Where(e => e.Item1 == from && e.Item2 == action && e.Item3 == role).Select(e => (CaseState?)e.Item4).SingleOrDefault();

        if (expected is { } to)
        {
            var transition = CaseWorkflow.Apply(from, action, actor, "because", Now);

            Assert.Equal(to, transition.To);
            Assert.Equal(new AuditEvent(actor.UserId, role, Now, from, to, action, "because"), transition.Audit);
        }
        else
        {
            var error = Assert.Throws<WorkflowException>(() => CaseWorkflow.Apply(from, action, actor, "because", Now));

            Assert.Equal(from, error.From);
            Assert.Equal(action, error.Action);
            Assert.Equal(role, error.Role);
            var actionExistsInState = Expected.Any(e => e.Item1 == from && e.Item2 == action);
            Assert.Equal(actionExistsInState ? WorkflowFailure.WrongRole : WorkflowFailure.NotAllowedInState, error.Failure);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    [Fact]
    public void Headmistress_can_approve_a_proposed_response()
    {
        var transition = CaseWorkflow.Apply(CaseState.Proposed, CaseAction.Approve, new Actor("head", StaffRole.Headmistress), null, Now);

        Assert.Equal(CaseState.Approved, transition.To);
        Assert.Equal(StaffRole.Headmistress, transition.Audit.Role);
    }

    [Fact]
    public void Slt_cannot_approve_their_own_proposal()
    {
        var error = Assert.Throws<WorkflowException>(
            () => CaseWorkflow.Apply(CaseState.Proposed, CaseAction.Approve, new Actor("slt", StaffRole.Slt), "looks right", Now));

        Assert.Equal(WorkflowFailure.WrongRole, error.Failure);
        Assert.Contains("Headmistress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Actions_cannot_start_before_the_Headmistress_has_approved()
    {
        foreach (var state in new[] { CaseState.Logged, CaseState.UnderReview, CaseState.Proposed, CaseState.ChangesRequested, CaseState.Rejected })
        {
            foreach (var role in Enum.GetValues<StaffRole>())
            {
                Assert.Throws<WorkflowException>(() => CaseWorkflow.Apply(state, CaseAction.StartActions, new Actor("x", role), "go", Now));
            }
        }
    }

    [Theory]
    [InlineData(CaseState.UnderReview, CaseAction.Propose, StaffRole.Slt)]
    [InlineData(CaseState.Proposed, CaseAction.Revise, StaffRole.Slt)]
    [InlineData(CaseState.Proposed, CaseAction.Reject, StaffRole.Headmistress)]
    [InlineData(CaseState.Proposed, CaseAction.RequestChanges, StaffRole.ActingHeadmistress)]
    [InlineData(CaseState.Logged, CaseAction.Withdraw, StaffRole.Slt)]
    public void A_reason_is_required_where_it_matters(CaseState from, CaseAction action, StaffRole role)
    {
        foreach (var reason in new[] { null, "", "   " })
        {
            var error = Assert.Throws<WorkflowException>(() => CaseWorkflow.Apply(from, action, new Actor("x", role), reason, Now));

            Assert.Equal(WorkflowFailure.ReasonRequired, error.Failure);
            Assert.Equal((from, action, role), (error.From, error.Action, error.Role));
        }
    }

    [Fact]
    public void Revising_an_approved_proposal_needs_a_fresh_decision()
    {
        var transition = CaseWorkflow.Apply(CaseState.Approved, CaseAction.Revise, new Actor("slt", StaffRole.Slt), "parent apologised", Now);

        Assert.Equal(CaseState.Proposed, transition.To);
        Assert.Contains(CaseAction.Approve, CaseWorkflow.AllowedActions(transition.To, StaffRole.Headmistress));
    }

    [Fact]
    public void Acting_Headmistress_decisions_are_recorded_as_hers_not_the_Headmistress()
    {
        var appointment = ActingHeadmistressAppointment.Appoint(new Actor("head", StaffRole.Headmistress), "deputy", Now.AddDays(-1), Now.AddDays(6));

        var transition = CaseWorkflow.Apply(
            CaseState.Proposed, CaseAction.Approve, new Actor("deputy", StaffRole.ActingHeadmistress), null, Now, appointment);

        Assert.Equal("deputy", transition.Audit.ActorId);
        Assert.Equal(StaffRole.ActingHeadmistress, transition.Audit.Role);
        Assert.Equal("head", appointment.AppointedBy);
    }

    [Fact]
    public void Acting_Headmistress_cannot_decide_outside_her_appointed_period()
    {
        var appointment = ActingHeadmistressAppointment.Appoint(new Actor("head", StaffRole.Headmistress), "deputy", Now.AddDays(-10), Now.AddDays(-3));

        var error = Assert.Throws<WorkflowException>(() => CaseWorkflow.Apply(
            CaseState.Proposed, CaseAction.Approve, new Actor("deputy", StaffRole.ActingHeadmistress), null, Now, appointment));

        Assert.Equal(WorkflowFailure.AppointmentNotInForce, error.Failure);
    }

    [Fact]
    public void An_appointment_is_in_force_from_its_start_until_just_before_its_end()
    {
        var appointment = new ActingHeadmistressAppointment("deputy", Now, Now.AddDays(7), "head");

        Assert.False(appointment.IsInForce(Now.AddTicks(-1)));
        Assert.True(appointment.IsInForce(Now));
        Assert.True(appointment.IsInForce(Now.AddDays(7).AddTicks(-1)));
        Assert.False(appointment.IsInForce(Now.AddDays(7)));
    }

    [Theory]
    [InlineData(StaffRole.Staff)]
    [InlineData(StaffRole.Slt)]
    [InlineData(StaffRole.ActingHeadmistress)]
    public void Only_the_Headmistress_can_appoint_an_acting_Headmistress(StaffRole role)
    {
        Assert.Throws<AppointmentException>(
            () => ActingHeadmistressAppointment.Appoint(new Actor("someone", role), "someone", Now, Now.AddDays(5)));
    }

    [Fact]
    public void The_Headmistress_cannot_appoint_herself_or_for_an_empty_period()
    {
        var head = new Actor("head", StaffRole.Headmistress);

        Assert.Throws<AppointmentException>(() => ActingHeadmistressAppointment.Appoint(head, "head", Now, Now.AddDays(5)));
        Assert.Throws<AppointmentException>(() => ActingHeadmistressAppointment.Appoint(head, "deputy", Now, Now));
    }

    [Theory]
    [InlineData(StaffRole.Staff)]
    [InlineData(StaffRole.Slt)]
    [InlineData(StaffRole.Headmistress)]
    [InlineData(StaffRole.ActingHeadmistress)]
    public void Staff_SLT_and_the_Headmistress_can_log_a_concern(StaffRole role)
    {
        var transition = CaseWorkflow.Log(new Actor("teacher", role), Now, "posted in Year 4 group");

        Assert.Equal(CaseState.Logged, transition.To);
        Assert.Equal(new AuditEvent("teacher", role, Now, CaseState.Logged, CaseState.Logged, CaseAction.Log, "posted in Year 4 group"), transition.Audit);
    }

    [Fact]
    public void Closed_rejected_and_withdrawn_cases_are_final()
    {
        Assert.True(CaseWorkflow.IsFinal(CaseState.Closed));
        Assert.True(CaseWorkflow.IsFinal(CaseState.Rejected));
        Assert.True(CaseWorkflow.IsFinal(CaseState.Withdrawn));
        Assert.False(CaseWorkflow.IsFinal(CaseState.Approved));
    }

    [Fact]
    public void Every_state_can_be_reached_from_logged()
    {
        var reached = new HashSet<CaseState> { CaseState.Logged };
        var frontier = new Queue<CaseState>(reached);
        while (frontier.TryDequeue(out var state))
        {
            foreach (var rule in CaseWorkflow.Transitions.Where(t => t.From == state && reached.Add(t.To)))
            {
                frontier.Enqueue(rule.To);
            }
        }

        Assert.Equal(Enum.GetValues<CaseState>().ToHashSet(), reached);
    }
}
