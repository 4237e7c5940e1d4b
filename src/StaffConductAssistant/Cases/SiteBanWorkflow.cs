namespace StaffConductAssistant.Cases;

/// <summary>Where a site ban stands (school-data-protection.md, site bans: provisional, representations, review).</summary>
public enum SiteBanState
{
    /// <summary>The provisional ban letter is sent: it states the conduct and invites representations by a date.</summary>
    Provisional,

    /// <summary>The parent replied, or the date for representations passed: the Headmistress has a review task.</summary>
    UnderReview,

    /// <summary>Confirmed after review, in a second letter with a review date.</summary>
    Confirmed,

    /// <summary>Lifted: after review, at a later review, or when its period ended.</summary>
    Lifted,
}

public enum SiteBanAction
{
    /// <summary>SLT record the parent's reply (attached).</summary>
    RecordRepresentation,

    /// <summary>The date for representations passed with no reply: the review is due all the same.</summary>
    RepresentationDatePassed,

    /// <summary>The Headmistress confirms the ban after review, until a date, with a review date.</summary>
    Confirm,

    /// <summary>The Headmistress lifts the ban, after review or at any later review.</summary>
    Lift,

    /// <summary>A confirmed ban's review date came: the Headmistress reviews it again.</summary>
    ReviewDateReached,

    /// <summary>A confirmed ban's period ended (the morning after its last day): the app lifts it.</summary>
    Expire,
}

/// <summary>One allowed step. <see cref="Role"/> null means no person: the app, when a date passes.</summary>
public sealed record SiteBanRule(SiteBanState From, SiteBanAction Action, StaffRole? Role, SiteBanState To);

/// <summary>
/// The site-ban due process as one table, pure and tested directly. A ban is never confirmed without a review by the
/// Headmistress (or her acting Headmistress), and that review comes only after the parent replied or the date for
/// representations passed, so the parent is always heard first.
/// </summary>
public static class SiteBanWorkflow
{
    private const StaffRole Slt = StaffRole.Slt;
    private const StaffRole Head = StaffRole.Headmistress;
    private const StaffRole Acting = StaffRole.ActingHeadmistress;

    public static IReadOnlyList<SiteBanRule> Transitions { get; } =
    [
        new(SiteBanState.Provisional, SiteBanAction.RecordRepresentation, Slt, SiteBanState.UnderReview),
        new(SiteBanState.Provisional, SiteBanAction.RepresentationDatePassed, null, SiteBanState.UnderReview),

        // A further reply before the review is kept with the first; the review is still to come.
        new(SiteBanState.UnderReview, SiteBanAction.RecordRepresentation, Slt, SiteBanState.UnderReview),

        // The date passed after a reply: the review was due already, but the date is noted once, so SLT are told once.
        new(SiteBanState.UnderReview, SiteBanAction.RepresentationDatePassed, null, SiteBanState.UnderReview),
        new(SiteBanState.UnderReview, SiteBanAction.Confirm, Head, SiteBanState.Confirmed),
        new(SiteBanState.UnderReview, SiteBanAction.Confirm, Acting, SiteBanState.Confirmed),
        new(SiteBanState.UnderReview, SiteBanAction.Lift, Head, SiteBanState.Lifted),
        new(SiteBanState.UnderReview, SiteBanAction.Lift, Acting, SiteBanState.Lifted),

        new(SiteBanState.Confirmed, SiteBanAction.RecordRepresentation, Slt, SiteBanState.Confirmed),
        new(SiteBanState.Confirmed, SiteBanAction.ReviewDateReached, null, SiteBanState.UnderReview),
        new(SiteBanState.Confirmed, SiteBanAction.Lift, Head, SiteBanState.Lifted),
        new(SiteBanState.Confirmed, SiteBanAction.Lift, Acting, SiteBanState.Lifted),
        new(SiteBanState.Confirmed, SiteBanAction.Expire, null, SiteBanState.Lifted),

        // Its review date came and the Headmistress has not confirmed it again: it still ends on the day the letter gave.
        new(SiteBanState.UnderReview, SiteBanAction.Expire, null, SiteBanState.Lifted),
    ];

    /// <summary>Steps whose record must say why: the Headmistress's decisions, which the second letter explains.</summary>
    public static IReadOnlySet<SiteBanAction> ActionsNeedingReason { get; } = new HashSet<SiteBanAction> { SiteBanAction.Confirm, SiteBanAction.Lift };

    /// <summary>The parent may not come onto the site in this state.</summary>
    public static bool IsBanned(SiteBanState state) => state is not SiteBanState.Lifted;

    public static bool IsFinal(SiteBanState state) => Transitions.All(t => t.From != state || t.To == state);

    /// <summary>Applies one step, or throws <see cref="WorkflowException"/> (as the case table does) and changes nothing.</summary>
    /// <param name="role">The person's capacity, or null for the app when a date passes.</param>
    public static SiteBanState Apply(SiteBanState from, SiteBanAction action, StaffRole? role, string? reason)
    {
        var forAction = Transitions.Where(t => t.From == from && t.Action == action).ToList();
        if (forAction.Count == 0)
        {
            throw new WorkflowException(CaseState.ActionsInProgress, CaseAction.CarryOut, role ?? StaffRole.Staff, WorkflowFailure.NotAllowedInState,
                $"A site ban that is {Describe(from)} cannot be {Describe(action)}.");
        }

        var rule = forAction.FirstOrDefault(t => t.Role == role)
            ?? throw new WorkflowException(CaseState.ActionsInProgress, CaseAction.CarryOut, role ?? StaffRole.Staff, WorkflowFailure.WrongRole,
                forAction.All(t => t.Role is null)
                    ? $"A site ban is {Describe(action)} by the app when its date comes, not by hand."
                    : $"Only {string.Join(" or ", forAction.Where(t => t.Role is not null).Select(t => CaseWorkflow.Describe(t.Role!.Value)).Distinct())} can do that to a site ban.");

        if (ActionsNeedingReason.Contains(action) && string.IsNullOrWhiteSpace(reason))
        {
            throw new WorkflowException(CaseState.ActionsInProgress, CaseAction.CarryOut, role ?? StaffRole.Staff, WorkflowFailure.ReasonRequired,
                "Give the reasons for the decision: the parent is told them in the letter.");
        }

        return rule.To;
    }

    internal static string Describe(SiteBanState state) => state switch
    {
        SiteBanState.Provisional => "provisional, waiting for the parent's representations",
        SiteBanState.UnderReview => "waiting for the Headmistress's review",
        SiteBanState.Confirmed => "confirmed",
        SiteBanState.Lifted => "lifted",
        _ => state.ToString(),
    };

    internal static string Describe(SiteBanAction action) => action switch
    {
        SiteBanAction.RecordRepresentation => "given a representation",
        SiteBanAction.RepresentationDatePassed => "moved to review because the date for representations passed",
        SiteBanAction.Confirm => "confirmed",
        SiteBanAction.Lift => "lifted",
        SiteBanAction.ReviewDateReached => "reviewed because its review date came",
        SiteBanAction.Expire => "ended because its period is over",
        _ => action.ToString(),
    };
}
