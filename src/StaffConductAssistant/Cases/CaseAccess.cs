namespace StaffConductAssistant.Cases;

/// <summary>What the access rule needs to know about one case; nothing here is shown to anyone.</summary>
/// <param name="NamedStaff">Entra object ids of the staff the concern names (resolved when it was logged).</param>
/// <param name="SharedWith">Entra object ids SLT have shared the case with, to read only.</param>
/// <param name="Safeguarding">Child at risk, or a named child with bullying or at-risk conduct (<see cref="SafeguardingRule"/>).</param>
/// <param name="HeadmistressNamed">The Headmistress is among <paramref name="NamedStaff"/>.</param>
/// <param name="SiteBan">Where the case's site ban stands, or null when it has none (or it was not loaded: then no site-ban step is allowed).</param>
public sealed record CaseFacts(
    int Id,
    CaseState State,
    string LoggedByUserId,
    IReadOnlySet<string> NamedStaff,
    IReadOnlySet<string> SharedWith,
    bool Safeguarding,
    bool HeadmistressNamed,
    string? ProposedByUserId,
    SiteBanState? SiteBan = null)
{
    /// <summary>Entra object ids of the staff SLT gave a task on the case: they see it, to read, and do their own tasks.</summary>
    public IReadOnlySet<string> TaskOwners { get; init; } = new HashSet<string>();
}

/// <summary>Everything a person can ask to do with one case, on any surface (card, tab, export).</summary>
public enum CaseOperation
{
    /// <summary>See the case: its card, its page, its history, its evidence.</summary>
    View,
    StartReview,
    Propose,
    Withdraw,
    Approve,
    Reject,
    RequestChanges,
    CompleteAction,
    RetryLetter,

    /// <summary>SLT book the approved meeting: date, time, place and the senior colleague who meets the parent.</summary>
    BookMeeting,

    /// <summary>SLT move a booked meeting (date, time, place); the calendar event is updated.</summary>
    RescheduleMeeting,

    /// <summary>SLT call off a booked meeting; the calendar event is cancelled and the parent told.</summary>
    CancelMeeting,

    /// <summary>SLT add a task the app cannot do itself: an owner, a due date, notes.</summary>
    AddTask,

    /// <summary>SLT mark a task done.</summary>
    CompleteTask,

    /// <summary>SLT let one named member of staff read the case.</summary>
    Share,

    /// <summary>The DSL records that the concern is handled under the school's safeguarding procedures.</summary>
    RecordSafeguarding,

    /// <summary>SLT stop the retention schedule for this case (a claim, a complaint, an inquiry), with the reason.</summary>
    PlaceLegalHold,

    /// <summary>SLT lift the case's legal hold, with the reason; the schedule then gives its full notice again.</summary>
    ReleaseLegalHold,

    /// <summary>SLT say the concern is about another parent record (issue 11).</summary>
    MoveToParent,

    /// <summary>SLT share this case, redacted, outside SLT: <see cref="SchoolOperation.DiscloseCase"/> on a case they may act on.</summary>
    Disclose,

    /// <summary>SLT record the parent's reply to a site ban (their representations), with a file if they sent one.</summary>
    RecordRepresentation,

    /// <summary>Whoever decides the case confirms its site ban after review, with a review date and her reasons.</summary>
    ConfirmSiteBan,

    /// <summary>Whoever decides the case lifts its site ban after review, with her reasons.</summary>
    LiftSiteBan,
}

/// <summary>What a person can ask to do that is not about one case.</summary>
public enum SchoolOperation
{
    UseApp,
    LogConcern,
    ReadRoster,
    EditRoster,

    /// <summary>The counts and their CSV export.</summary>
    ViewOverview,
    AppointActing,
    SetSltChannel,
    SwitchSuggestions,

    /// <summary>Check the audit trail's hash chain from the tab.</summary>
    VerifyAudit,

    /// <summary>SLT merge two parent records into one (issue 11); every concern of both must be one they may see.</summary>
    MergeParents,

    /// <summary>SLT download everything held about one parent (a subject access request), redacted.</summary>
    ExportSubjectAccess,

    /// <summary>SLT erase or anonymise a parent where the law allows.</summary>
    EraseParent,

    /// <summary>SLT disclose a case outside SLT (a moderator, the authorities, a legal adviser), redacted.</summary>
    DiscloseCase,

    /// <summary>SLT read and edit the letter templates (issue 12): every edit is a new, audited version.</summary>
    EditLetterTemplates,

    /// <summary>The list of parents banned from the site, and until when.</summary>
    ViewSiteBans,
}

/// <summary>Why a request was refused; <see cref="None"/> when it was allowed.</summary>
public enum Refusal
{
    None,

    /// <summary>The request names no user (no Entra object id).</summary>
    NoUser,

    /// <summary>Signed in, but not on the school's staff (a guest, a pupil).</summary>
    NotStaff,

    /// <summary>The case is not one this person may see. The answer must show nothing of it.</summary>
    CannotSee,

    /// <summary>Named in the case: SLT shared it to read, never to act on.</summary>
    NamedInCase,
    WrongRole,
    NotNow,

    /// <summary>Separation of duties: whoever proposed a response cannot decide it.</summary>
    OwnProposal,
}

/// <summary>The rule's answer. <see cref="Role"/> is the capacity the person acts in (recorded in the audit trail).</summary>
public sealed record AccessDecision(bool Allowed, Refusal Refusal, string Message, StaffRole? Role = null)
{
    public static AccessDecision Yes(StaffRole role) => new(true, Refusal.None, string.Empty, role);

    public static AccessDecision No(Refusal refusal, string message) => new(false, refusal, message);
}

/// <summary>
/// Which cases one person may see, as data, so the same rule filters a single case (<see cref="Includes"/>) and a
/// database query (translated once in the data layer).
/// </summary>
/// <param name="All">SLT, the Headmistress and the acting Headmistress see every case (except those naming them).</param>
/// <param name="Safeguarding">The DSL sees every safeguarding case.</param>
/// <param name="HeadmistressNamed">The configured decider sees every case naming the Headmistress.</param>
/// <param name="Nothing">Not staff: no case at all.</param>
public sealed record CaseScope(string UserId, bool All, bool Safeguarding, bool HeadmistressNamed, bool Nothing)
{
    public bool Includes(CaseFacts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (Nothing)
        {
            return false;
        }

        var shared = Contains(c.SharedWith, UserId);

        // Named staff never see a concern about them unless SLT share it (recorded).
        if (Contains(c.NamedStaff, UserId))
        {
            return shared;
        }

        return All
            || (Safeguarding && c.Safeguarding)
            || (HeadmistressNamed && c.HeadmistressNamed)
            || string.Equals(c.LoggedByUserId, UserId, StringComparison.OrdinalIgnoreCase)
            || shared
            || Contains(c.TaskOwners, UserId);
    }

    internal static bool Contains(IEnumerable<string> ids, string id) => ids.Contains(id, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The one access rule: who may see and do what, for every surface (the bot's verbs, the tab's pages and APIs, the
/// exports, the buttons a card shows, the history and precedents on a card). Handlers ask it; none keeps a role
/// check of its own. Pure: the caller supplies the person (roles from the directory) and the case's facts.
/// </summary>
public static class CaseAccess
{
    public const string NoUserMessage =
        "I can't tell who you are, so nothing has been shown or changed. Open Staff Conduct Assistant from Microsoft Teams, signed in with your school account.";

    public const string NotStaffMessage =
        "Staff Conduct Assistant is for the staff of St John's Priory School. Nothing has been shown or changed. If you are on the staff, ask IT to add you.";

    public const string CannotSeeMessage = "This case isn't one you can see. Nothing has been shown or changed.";

    public const string NamedMessage =
        "You are named in this case, so SLT have shared it with you to read only. Nothing has been changed.";

    public static CaseScope ScopeOf(StaffMember who)
    {
        ArgumentNullException.ThrowIfNull(who);
        var roles = who.Roles;
        return new CaseScope(
            who.UserId,
            All: roles.Contains(StaffRole.Slt) || roles.Contains(StaffRole.Headmistress) || roles.Contains(StaffRole.ActingHeadmistress),
            Safeguarding: roles.Contains(StaffRole.Dsl),
            HeadmistressNamed: who.DecidesWhenHeadmistressNamed,
            Nothing: !who.IsStaff);
    }

    public static bool CanSee(StaffMember who, CaseFacts c) => ScopeOf(who).Includes(c);

    /// <summary>
    /// The roles a person holds on this case. An acting Headmistress is appointed by the Headmistress, so on a case
    /// naming her that appointment does not count; the decider configured for such cases acts as acting Headmistress.
    /// </summary>
    public static IReadOnlySet<StaffRole> RolesOnCase(StaffMember who, CaseFacts c)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(c);
        var roles = new HashSet<StaffRole>(who.Roles);
        if (c.HeadmistressNamed)
        {
            roles.Remove(StaffRole.ActingHeadmistress);
            if (who.DecidesWhenHeadmistressNamed)
            {
                roles.Add(StaffRole.ActingHeadmistress);
            }
        }

        return roles;
    }

    /// <summary>
    /// Which task this person may mark done, once <see cref="CaseOperation.CompleteTask"/> is allowed: SLT any task,
    /// anyone else only a task they own.
    /// </summary>
    public static bool MayCompleteTask(StaffMember who, StaffRole role, string taskOwnerUserId)
    {
        ArgumentNullException.ThrowIfNull(who);
        return role == StaffRole.Slt || string.Equals(taskOwnerUserId, who.UserId, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Who may be given a task on the case: staff who may see it, or who would once they own the task. Staff the
    /// concern names never may (unless SLT shared it with them): owning a task would show them a concern about them.
    /// </summary>
    public static bool MayOwnTask(StaffMember owner, CaseFacts c)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(c);
        return CanSee(owner, c with { TaskOwners = new HashSet<string>(c.TaskOwners, StringComparer.OrdinalIgnoreCase) { owner.UserId } });
    }

    public static AccessDecision Check(StaffMember who, CaseFacts c, CaseOperation operation)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(c);
        if (Identify(who) is { } refused)
        {
            return refused;
        }

        if (!CanSee(who, c))
        {
            return AccessDecision.No(Refusal.CannotSee, CannotSeeMessage);
        }

        var roles = RolesOnCase(who, c);
        if (operation == CaseOperation.View)
        {
            return AccessDecision.Yes(BestRole(roles));
        }

        if (CaseScope.Contains(c.NamedStaff, who.UserId))
        {
            return AccessDecision.No(Refusal.NamedInCase, NamedMessage);
        }

        switch (operation)
        {
            case CaseOperation.Share:
                return roles.Contains(StaffRole.Slt)
                    ? AccessDecision.Yes(StaffRole.Slt)
                    : AccessDecision.No(Refusal.WrongRole, "Only SLT can share a case. Nothing has changed.");
            case CaseOperation.PlaceLegalHold or CaseOperation.ReleaseLegalHold:
                return roles.Contains(StaffRole.Slt)
                    ? AccessDecision.Yes(StaffRole.Slt)
                    : AccessDecision.No(Refusal.WrongRole, "Only SLT can place or lift a legal hold. Nothing has changed.");
            case CaseOperation.MoveToParent:
                return roles.Contains(StaffRole.Slt)
                    ? AccessDecision.Yes(StaffRole.Slt)
                    : AccessDecision.No(Refusal.WrongRole, "Only SLT can say a concern is about another parent. Nothing has changed.");
            case CaseOperation.Disclose:
                // Who may disclose is the school-wide permission; a named member of SLT was refused above.
                return Check(who, SchoolOperation.DiscloseCase);
            case CaseOperation.CompleteTask when !roles.Contains(StaffRole.Slt) && CaseScope.Contains(c.TaskOwners, who.UserId):
                // Not SLT, but given a task on the case: they may do their own (MayCompleteTask says which), while it is open.
                return CaseWorkflow.Transitions.Any(t => t.From == c.State && t.Action == CaseAction.CompleteOwnTask && t.Role == StaffRole.Staff)
                    ? AccessDecision.Yes(StaffRole.Staff)
                    : AccessDecision.No(Refusal.NotNow, $"This case is {CaseWorkflow.Describe(c.State)}, so its tasks can't be marked done now. Nothing has changed.");
            case CaseOperation.RecordSafeguarding when !roles.Contains(StaffRole.Dsl):
                return AccessDecision.No(Refusal.WrongRole, "Only the Designated Safeguarding Lead can record that. Nothing has changed.");
            case CaseOperation.RecordSafeguarding:
                return c.Safeguarding
                    ? AccessDecision.Yes(StaffRole.Dsl)
                    : AccessDecision.No(Refusal.NotNow, "This concern isn't marked as a safeguarding concern. Nothing has changed.");
            case CaseOperation.RecordRepresentation or CaseOperation.ConfirmSiteBan or CaseOperation.LiftSiteBan:
                return CheckSiteBan(roles, c, operation);
        }

        if (WorkflowActionFor(operation, c.State) is not { } action)
        {
            return AccessDecision.No(Refusal.NotNow,
                $"This case is {CaseWorkflow.Describe(c.State)}, so a response can't be proposed now. Nothing has changed.");
        }

        var rules = CaseWorkflow.Transitions.Where(t => t.From == c.State && t.Action == action).ToList();
        if (rules.Count == 0)
        {
            return AccessDecision.No(Refusal.NotNow,
                $"You can't {CaseWorkflow.Describe(action)} a case that is {CaseWorkflow.Describe(c.State)}. Nothing has changed.");
        }

        // The Headmistress's own role first: a decision is hers when she holds both.
        var rule = rules.OrderBy(r => r.Role == StaffRole.Headmistress ? 0 : 1).FirstOrDefault(r => roles.Contains(r.Role));
        if (rule is null)
        {
            var allowed = string.Join(" or ", rules.Select(r => Who(r.Role)).Distinct());
            return AccessDecision.No(Refusal.WrongRole, $"Only {allowed} can {Verb(operation)}. Nothing has changed.");
        }

        if (operation is CaseOperation.Approve or CaseOperation.Reject or CaseOperation.RequestChanges
            && string.Equals(c.ProposedByUserId, who.UserId, StringComparison.OrdinalIgnoreCase))
        {
            return AccessDecision.No(Refusal.OwnProposal,
                "You proposed this response, so someone else must decide it: the Headmistress, or an acting Headmistress. Nothing has changed.");
        }

        return AccessDecision.Yes(rule.Role);
    }

    /// <summary>
    /// A site-ban step, by the site-ban table (<see cref="SiteBanWorkflow"/>) and the roles held on this case: on a
    /// case naming the Headmistress, only the decider configured for such cases reviews it, as acting Headmistress.
    /// </summary>
    private static AccessDecision CheckSiteBan(IReadOnlySet<StaffRole> roles, CaseFacts c, CaseOperation operation)
    {
        if (c.SiteBan is not { } state)
        {
            return AccessDecision.No(Refusal.NotNow, "This case has no site ban. Nothing has changed.");
        }

        var action = operation switch
        {
            CaseOperation.RecordRepresentation => SiteBanAction.RecordRepresentation,
            CaseOperation.ConfirmSiteBan => SiteBanAction.Confirm,
            _ => SiteBanAction.Lift,
        };
        var rules = SiteBanWorkflow.Transitions.Where(t => t.From == state && t.Action == action && t.Role is not null).ToList();
        if (rules.Count == 0)
        {
            return AccessDecision.No(Refusal.NotNow,
                $"The site ban is {SiteBanWorkflow.Describe(state)}, so it can't be {SiteBanWorkflow.Describe(action)} now. Nothing has changed.");
        }

        var rule = rules.OrderBy(r => r.Role == StaffRole.Headmistress ? 0 : 1).FirstOrDefault(r => roles.Contains(r.Role!.Value));
        return rule is null
            ? AccessDecision.No(Refusal.WrongRole, action == SiteBanAction.RecordRepresentation
                ? "Only SLT can record a parent's representations. Nothing has changed."
                : "Only the Headmistress, or whoever decides for this case, can review a site ban. Nothing has changed.")
            : AccessDecision.Yes(rule.Role!.Value);
    }

    /// <summary>Every operation this person may do on this case now: what a card's buttons and a page's forms show.</summary>
    public static IReadOnlySet<CaseOperation> Allowed(StaffMember who, CaseFacts c) =>
        Enum.GetValues<CaseOperation>().Where(op => Check(who, c, op).Allowed).ToHashSet();

    public static AccessDecision Check(StaffMember who, SchoolOperation operation)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (Identify(who) is { } refused)
        {
            return refused;
        }

        return operation switch
        {
            SchoolOperation.UseApp or SchoolOperation.ReadRoster => AccessDecision.Yes(BestRole(who.Roles)),
            SchoolOperation.LogConcern => CaseWorkflow.RolesThatMayLog.Contains(StaffRole.Staff)
                ? AccessDecision.Yes(who.IsSlt ? StaffRole.Slt : StaffRole.Staff)
                : AccessDecision.No(Refusal.WrongRole, "You can't log concerns."),
            SchoolOperation.EditRoster => who.IsSlt
                ? AccessDecision.Yes(StaffRole.Slt)
                : AccessDecision.No(Refusal.WrongRole, "Only SLT can change the moderator roster. Nothing has changed."),
            SchoolOperation.ViewOverview => ScopeOf(who).All
                ? AccessDecision.Yes(BestRole(who.Roles))
                : AccessDecision.No(Refusal.WrongRole, "The overview is for SLT and the Headmistress."),
            SchoolOperation.AppointActing => who.Has(StaffRole.Headmistress)
                ? AccessDecision.Yes(StaffRole.Headmistress)
                : AccessDecision.No(Refusal.WrongRole, "Only the Headmistress can name an acting Headmistress, or revoke one. Nothing has changed."),
            SchoolOperation.ViewSiteBans => ScopeOf(who).All
                ? AccessDecision.Yes(BestRole(who.Roles))
                : AccessDecision.No(Refusal.WrongRole, "The list of site bans is for SLT and the Headmistress."),
            SchoolOperation.VerifyAudit => who.IsSlt
                ? AccessDecision.Yes(StaffRole.Slt)
                : AccessDecision.No(Refusal.WrongRole, "Only SLT can check the audit trail."),
            SchoolOperation.MergeParents or SchoolOperation.ExportSubjectAccess or SchoolOperation.EraseParent => who.IsSlt
                ? AccessDecision.Yes(StaffRole.Slt)
                : AccessDecision.No(Refusal.WrongRole, "Only SLT can do that with a parent's records. Nothing has changed."),
            SchoolOperation.DiscloseCase => who.IsSlt
                ? AccessDecision.Yes(StaffRole.Slt)
                : AccessDecision.No(Refusal.WrongRole, "Only SLT can share a case outside SLT. Nothing has been shared."),
            SchoolOperation.EditLetterTemplates => who.IsSlt
                ? AccessDecision.Yes(StaffRole.Slt)
                : AccessDecision.No(Refusal.WrongRole, "Only SLT can read and change the letter templates. Nothing has changed."),
            SchoolOperation.SetSltChannel or SchoolOperation.SwitchSuggestions => who.IsSlt
                ? AccessDecision.Yes(StaffRole.Slt)
                : AccessDecision.No(Refusal.WrongRole, "Only SLT can change where concerns go. Nothing has changed."),
            _ => AccessDecision.No(Refusal.WrongRole, "That isn't something I can do."),
        };
    }

    public const string ParentHasHiddenCaseMessage =
        "This parent's record includes a concern you can't see (it may name you), so another member of SLT must do this. Nothing has changed.";

    /// <summary>
    /// An operation on a parent's whole record (merge, subject access, erasure) touches every concern about them, so
    /// it needs the school-wide permission and sight of each of those concerns: an SLT member a concern names cannot
    /// export, merge or erase it by going through the parent.
    /// </summary>
    public static AccessDecision Check(StaffMember who, IEnumerable<CaseFacts> parentsConcerns, SchoolOperation operation)
    {
        ArgumentNullException.ThrowIfNull(parentsConcerns);
        var school = Check(who, operation);
        if (!school.Allowed)
        {
            return school;
        }

        return parentsConcerns.All(c => CanSee(who, c))
            ? school
            : AccessDecision.No(Refusal.CannotSee, ParentHasHiddenCaseMessage);
    }

    /// <summary>The role a view or a non-case step is recorded under: the most senior one held.</summary>
    public static StaffRole BestRole(IReadOnlySet<StaffRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in new[] { StaffRole.Headmistress, StaffRole.ActingHeadmistress, StaffRole.Slt, StaffRole.Dsl })
        {
            if (roles.Contains(role))
            {
                return role;
            }
        }

        return StaffRole.Staff;
    }

    /// <summary>The workflow step behind an operation; proposing is a revision once the Headmistress asked for changes.</summary>
    public static CaseAction? WorkflowActionFor(CaseOperation operation, CaseState state) => operation switch
    {
        CaseOperation.StartReview => CaseAction.StartReview,
        CaseOperation.Propose => state switch
        {
            CaseState.Logged => CaseAction.StartReview,
            CaseState.UnderReview => CaseAction.Propose,
            CaseState.ChangesRequested => CaseAction.Revise,
            _ => null,
        },
        CaseOperation.Withdraw => CaseAction.Withdraw,
        CaseOperation.Approve => CaseAction.Approve,
        CaseOperation.Reject => CaseAction.Reject,
        CaseOperation.RequestChanges => CaseAction.RequestChanges,
        CaseOperation.CompleteAction or CaseOperation.RetryLetter or CaseOperation.BookMeeting => CaseAction.CarryOut,
        CaseOperation.RescheduleMeeting or CaseOperation.CancelMeeting => CaseAction.ChangeMeeting,
        CaseOperation.AddTask or CaseOperation.CompleteTask => CaseAction.TrackTask,
        _ => null,
    };

    private static AccessDecision? Identify(StaffMember who) =>
        string.IsNullOrWhiteSpace(who.UserId) ? AccessDecision.No(Refusal.NoUser, NoUserMessage)
        : !who.IsStaff ? AccessDecision.No(Refusal.NotStaff, NotStaffMessage)
        : null;

    private static string Who(StaffRole role) => role switch
    {
        StaffRole.Slt => "SLT",
        StaffRole.Headmistress => "the Headmistress",
        StaffRole.ActingHeadmistress => "the acting Headmistress",
        StaffRole.Dsl => "the Designated Safeguarding Lead",
        _ => "staff",
    };

    private static string Verb(CaseOperation operation) => operation switch
    {
        CaseOperation.StartReview => "review a case",
        CaseOperation.Propose => "propose a response",
        CaseOperation.Withdraw => "withdraw a case",
        CaseOperation.Approve or CaseOperation.Reject or CaseOperation.RequestChanges => "decide",
        CaseOperation.CompleteAction => "mark an action done",
        CaseOperation.RetryLetter => "send the letter again",
        CaseOperation.BookMeeting => "book a meeting",
        CaseOperation.RescheduleMeeting => "move a meeting",
        CaseOperation.CancelMeeting => "cancel a meeting",
        CaseOperation.AddTask => "add a task",
        CaseOperation.CompleteTask => "mark a task done",
        _ => "do that",
    };
}

/// <summary>
/// When a concern is a safeguarding matter (KCSIE: the DSL is told at once): a child may be at risk, or a child is
/// named together with bullying or other conduct that can harm a child.
/// </summary>
public static class SafeguardingRule
{
    /// <summary>Conduct ids in the policy catalogue that, with a named child, may put that child at risk.</summary>
    public static IReadOnlySet<string> AtRiskConduct { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bullying",
        "threatening-behaviour",
        "abusive-personal-comments",
        "challenging-policies-or-discussing-children",
    };

    public static bool Applies(bool childAtRisk, int namedChildren, IEnumerable<string> conductIds)
    {
        ArgumentNullException.ThrowIfNull(conductIds);
        return childAtRisk || (namedChildren > 0 && conductIds.Any(AtRiskConduct.Contains));
    }
}
