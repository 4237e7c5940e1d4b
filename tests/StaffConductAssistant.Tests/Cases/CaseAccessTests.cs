using StaffConductAssistant.Cases;

namespace StaffConductAssistant.Tests.Cases;

/// <summary>The access rule on its own: pure, so every combination is cheap to check.</summary>
public class CaseAccessTests
{
    private const string Logger = "logger";
    private const string Teacher = "teacher";
    private const string Slt = "slt";
    private const string Head = "head";
    private const string Dsl = "dsl";
    private const string Deputy = "deputy";

    private static StaffMember Person(string id, params StaffRole[] roles) => new(id, new HashSet<StaffRole>([StaffRole.Staff, .. roles]));

    private static CaseFacts Case(CaseState state = CaseState.Logged, string[]? named = null, string[]? shared = null, bool safeguarding = false, bool headNamed = false, string? proposer = null) =>
        new(1, state, Logger, new HashSet<string>(named ?? []), new HashSet<string>(shared ?? []), safeguarding, headNamed, proposer);

    [Fact]
    public void Staff_see_only_what_they_logged_SLT_and_the_Headmistress_see_everything()
    {
        var c = Case();

        Assert.True(CaseAccess.CanSee(Person(Logger), c));
        Assert.False(CaseAccess.CanSee(Person(Teacher), c));
        Assert.True(CaseAccess.CanSee(Person(Slt, StaffRole.Slt), c));
        Assert.True(CaseAccess.CanSee(Person(Head, StaffRole.Headmistress), c));
        Assert.False(CaseAccess.CanSee(Person(Dsl, StaffRole.Dsl), c));
    }

    [Fact]
    public void Someone_with_no_staff_role_or_no_user_id_is_refused_before_anything_else()
    {
        var guest = new StaffMember("guest", new HashSet<StaffRole>());

        Assert.Equal(Refusal.NotStaff, CaseAccess.Check(guest, Case(), CaseOperation.View).Refusal);
        Assert.Equal(Refusal.NoUser, CaseAccess.Check(StaffMember.Nobody, Case(), CaseOperation.View).Refusal);
        Assert.Equal(Refusal.NotStaff, CaseAccess.Check(guest, SchoolOperation.LogConcern).Refusal);
        Assert.True(CaseAccess.ScopeOf(guest).Nothing);
    }

    [Fact]
    public void Named_staff_never_see_a_concern_even_as_SLT_or_its_logger_unless_it_is_shared_and_then_only_to_read()
    {
        var named = Case(named: [Slt, Logger]);
        var shared = Case(named: [Slt], shared: [Slt]);

        Assert.False(CaseAccess.CanSee(Person(Slt, StaffRole.Slt), named));
        Assert.False(CaseAccess.CanSee(Person(Logger), named));
        Assert.True(CaseAccess.CanSee(Person(Slt, StaffRole.Slt), shared));
        Assert.Equal([CaseOperation.View], CaseAccess.Allowed(Person(Slt, StaffRole.Slt), shared));
        Assert.Equal(Refusal.NamedInCase, CaseAccess.Check(Person(Slt, StaffRole.Slt), shared, CaseOperation.Propose).Refusal);
    }

    [Fact]
    public void The_DSL_sees_and_records_safeguarding_concerns_only()
    {
        var dsl = Person(Dsl, StaffRole.Dsl);

        Assert.True(CaseAccess.Check(dsl, Case(safeguarding: true), CaseOperation.RecordSafeguarding).Allowed);
        Assert.False(CaseAccess.CanSee(dsl, Case(safeguarding: false)));
        Assert.False(CaseAccess.Check(dsl, Case(safeguarding: true), CaseOperation.Propose).Allowed);
        Assert.False(CaseAccess.Check(Person(Slt, StaffRole.Slt), Case(safeguarding: true), CaseOperation.RecordSafeguarding).Allowed);
    }

    [Fact]
    public void Whoever_proposed_cannot_decide()
    {
        var acting = Person(Slt, StaffRole.Slt, StaffRole.ActingHeadmistress);

        var own = CaseAccess.Check(acting, Case(CaseState.Proposed, proposer: Slt), CaseOperation.Approve);
        var colleague = CaseAccess.Check(acting, Case(CaseState.Proposed, proposer: "another"), CaseOperation.Approve);

        Assert.Equal(Refusal.OwnProposal, own.Refusal);
        Assert.True(colleague.Allowed);
        Assert.Equal(StaffRole.ActingHeadmistress, colleague.Role);
    }

    [Fact]
    public void A_case_naming_the_Headmistress_is_decided_by_the_configured_decider_and_not_by_her_appointee()
    {
        var c = Case(CaseState.Proposed, named: [Head], headNamed: true, proposer: Slt);
        var deputy = new StaffMember(Deputy, new HashSet<StaffRole> { StaffRole.Staff }, DecidesWhenHeadmistressNamed: true);
        var appointee = Person("appointee", StaffRole.Slt, StaffRole.ActingHeadmistress);

        Assert.False(CaseAccess.CanSee(Person(Head, StaffRole.Headmistress), c));
        var decision = CaseAccess.Check(deputy, c, CaseOperation.Approve);
        Assert.True(decision.Allowed);
        Assert.Equal(StaffRole.ActingHeadmistress, decision.Role);
        Assert.Equal(Refusal.WrongRole, CaseAccess.Check(appointee, c, CaseOperation.Approve).Refusal);
        Assert.False(CaseAccess.CanSee(deputy, Case(CaseState.Proposed)));
    }

    public static TheoryData<CaseState, CaseOperation> EveryStateAndOperation()
    {
        var data = new TheoryData<CaseState, CaseOperation>();
        foreach (var state in Enum.GetValues<CaseState>())
        {
            foreach (var op in Enum.GetValues<CaseOperation>())
            {
                data.Add(state, op);
            }
        }

        return data;
    }

    /// <summary>The buttons come from the workflow table: SLT may do a step exactly when the table has it for SLT.</summary>
    [Theory]
    [MemberData(nameof(EveryStateAndOperation))]
    public void SLT_may_do_exactly_what_the_workflow_table_allows_SLT_in_that_state(CaseState state, CaseOperation op)
    {
        var allowed = CaseAccess.Check(Person(Slt, StaffRole.Slt), Case(state), op).Allowed;

        var expected = op switch
        {
            CaseOperation.View or CaseOperation.Share or CaseOperation.PlaceLegalHold or CaseOperation.ReleaseLegalHold or CaseOperation.MoveToParent or CaseOperation.Disclose => true,
            CaseOperation.RecordSafeguarding => false,
            _ => CaseAccess.WorkflowActionFor(op, state) is { } action && CaseWorkflow.AllowedActions(state, StaffRole.Slt).Contains(action),
        };
        Assert.Equal(expected, allowed);
    }

    [Theory]
    [MemberData(nameof(EveryStateAndOperation))]
    public void A_refusal_never_quotes_the_case(CaseState state, CaseOperation op)
    {
        var decision = CaseAccess.Check(Person(Teacher), Case(state), op);

        Assert.False(decision.Allowed);
        Assert.Equal(CaseAccess.CannotSeeMessage, decision.Message);
    }

    [Fact]
    public void Safeguarding_means_a_child_at_risk_or_a_named_child_with_conduct_that_can_harm_a_child()
    {
        Assert.True(SafeguardingRule.Applies(true, 0, []));
        Assert.True(SafeguardingRule.Applies(false, 1, ["bullying"]));
        Assert.False(SafeguardingRule.Applies(false, 1, ["commercial-campaign-appeal-links"]));
        Assert.False(SafeguardingRule.Applies(false, 0, ["bullying"]));
    }

    [Fact]
    public void Only_the_Headmistress_appoints_and_only_SLT_edit_the_roster_or_see_the_overview()
    {
        Assert.True(CaseAccess.Check(Person(Head, StaffRole.Headmistress), SchoolOperation.AppointActing).Allowed);
        Assert.False(CaseAccess.Check(Person(Slt, StaffRole.Slt, StaffRole.ActingHeadmistress), SchoolOperation.AppointActing).Allowed);
        Assert.True(CaseAccess.Check(Person(Slt, StaffRole.Slt), SchoolOperation.EditRoster).Allowed);
        Assert.False(CaseAccess.Check(Person(Teacher), SchoolOperation.EditRoster).Allowed);
        Assert.False(CaseAccess.Check(Person(Dsl, StaffRole.Dsl), SchoolOperation.ViewOverview).Allowed);
        Assert.True(CaseAccess.Check(Person(Teacher), SchoolOperation.ReadRoster).Allowed);
    }
}
