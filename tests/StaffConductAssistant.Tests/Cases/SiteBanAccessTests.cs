using StaffConductAssistant.Cases;

namespace StaffConductAssistant.Tests.Cases;

/// <summary>
/// Who may take each site-ban step, by the one access rule over the site-ban table: SLT record representations, whoever
/// decides the case reviews, and on a case naming the Headmistress only the decider configured for such cases does.
/// </summary>
public class SiteBanAccessTests
{
    private static StaffMember Person(string id, bool decidesWhenNamed, params StaffRole[] roles) => new(id, new HashSet<StaffRole>([StaffRole.Staff, .. roles]), decidesWhenNamed);

    private static CaseFacts Case(SiteBanState? ban, bool headNamed = false) =>
        new(1, CaseState.ActionsInProgress, "logger", new HashSet<string>(headNamed ? ["head"] : []), new HashSet<string>(), false, headNamed, "slt", ban);

    private static readonly StaffMember Slt = Person("slt", false, StaffRole.Slt);
    private static readonly StaffMember Head = Person("head", false, StaffRole.Headmistress);
    private static readonly StaffMember Acting = Person("deputy", false, StaffRole.Slt, StaffRole.ActingHeadmistress);
    private static readonly StaffMember Decider = Person("chair", true, StaffRole.Slt);
    private static readonly StaffMember Logger = Person("logger", false);

    [Fact]
    public void SLT_record_representations_the_Headmistress_or_acting_Headmistress_review_once_the_parent_has_been_heard()
    {
        Assert.True(CaseAccess.Check(Slt, Case(SiteBanState.Provisional), CaseOperation.RecordRepresentation).Allowed);
        Assert.Equal(Refusal.WrongRole, CaseAccess.Check(Logger, Case(SiteBanState.Provisional), CaseOperation.RecordRepresentation).Refusal);
        Assert.Equal(Refusal.NotNow, CaseAccess.Check(Head, Case(SiteBanState.Provisional), CaseOperation.ConfirmSiteBan).Refusal);

        var review = Case(SiteBanState.UnderReview);
        Assert.Equal(StaffRole.Headmistress, CaseAccess.Check(Head, review, CaseOperation.ConfirmSiteBan).Role);
        Assert.Equal(StaffRole.ActingHeadmistress, CaseAccess.Check(Acting, review, CaseOperation.LiftSiteBan).Role);
        Assert.Equal(Refusal.WrongRole, CaseAccess.Check(Slt, review, CaseOperation.ConfirmSiteBan).Refusal);
        Assert.Equal(Refusal.NotNow, CaseAccess.Check(Head, Case(SiteBanState.Lifted), CaseOperation.LiftSiteBan).Refusal);
        Assert.Equal(Refusal.NotNow, CaseAccess.Check(Slt, Case(null), CaseOperation.RecordRepresentation).Refusal);
    }

    [Fact]
    public void On_a_case_naming_the_Headmistress_only_the_configured_decider_reviews_the_ban_and_an_appointed_acting_Headmistress_does_not()
    {
        var named = Case(SiteBanState.UnderReview, headNamed: true);

        Assert.Equal(StaffRole.ActingHeadmistress, CaseAccess.Check(Decider, named, CaseOperation.ConfirmSiteBan).Role);
        Assert.Equal(Refusal.WrongRole, CaseAccess.Check(Acting, named, CaseOperation.ConfirmSiteBan).Refusal);
        Assert.Equal(Refusal.CannotSee, CaseAccess.Check(Head, named, CaseOperation.LiftSiteBan).Refusal);
        Assert.True(CaseAccess.Check(Slt, SchoolOperation.ViewSiteBans).Allowed);
        Assert.Equal(Refusal.WrongRole, CaseAccess.Check(Logger, SchoolOperation.ViewSiteBans).Refusal);
    }
}
