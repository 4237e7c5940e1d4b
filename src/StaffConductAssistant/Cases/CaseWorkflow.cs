namespace StaffConductAssistant.Cases;

public enum CaseState
{
    Logged,
    UnderReview,
    Proposed,
    ChangesRequested,
    Approved,
    Rejected,
    ActionsInProgress,
    Closed,
    Withdrawn,
}

public enum CaseAction
{
    /// <summary>Creation of a case; only through <see cref="CaseWorkflow.Log"/>, never a transition.</summary>
    Log,
    StartReview,
    Propose,

    /// <summary>SLT change a proposal; an approved one goes back to Proposed and needs a fresh decision.</summary>
    Revise,
    RequestChanges,
    Approve,
    Reject,
    StartActions,

    /// <summary>SLT carry out one approved action (mark it done, send a failed letter again); the case stays in progress.</summary>
    CarryOut,

    /// <summary>The approved actions are done.</summary>
    Close,

    /// <summary>SLT move or cancel a booked meeting, also after the case closed (the meeting may still be ahead).</summary>
    ChangeMeeting,

    /// <summary>SLT add a task (an owner, a due date) or mark one done; the case stays where it is.</summary>
    TrackTask,
    Withdraw,

    /// <summary>
    /// A task's owner who is not SLT (a teacher asked to gather information) marks it done; the case stays where it is.
    /// The table allows it to staff; the access rule allows it only to the owner of an open task on the case.
    /// </summary>
    CompleteOwnTask,
}

/// <summary>One allowed step: in state <see cref="From"/>, someone acting as <see cref="Role"/> may <see cref="Action"/>, giving <see cref="To"/>.</summary>
public sealed record TransitionRule(CaseState From, CaseAction Action, StaffRole Role, CaseState To);

/// <summary>What happened, by whom and why; every step of a case yields exactly one.</summary>
public sealed record AuditEvent(
    string ActorId,
    StaffRole Role,
    DateTimeOffset At,
    CaseState From,
    CaseState To,
    CaseAction Action,
    string? Reason);

public sealed record Transition(CaseState To, AuditEvent Audit);

public enum WorkflowFailure
{
    /// <summary>No one may take this action in this state.</summary>
    NotAllowedInState,

    /// <summary>The action is possible in this state, but not for this role.</summary>
    WrongRole,
    ReasonRequired,
    AppointmentNotInForce,
}

/// <summary>The one way a workflow step fails; nothing has changed when it is thrown.</summary>
public sealed class WorkflowException : Exception
{
    public WorkflowException(CaseState from, CaseAction action, StaffRole role, WorkflowFailure failure, string message)
        : base(message)
    {
        From = from;
        Action = action;
        Role = role;
        Failure = failure;
    }

    public WorkflowException()
    {
    }

    public WorkflowException(string message)
        : base(message)
    {
    }

    public WorkflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CaseState From { get; }

    public CaseAction Action { get; }

    public StaffRole Role { get; }

    public WorkflowFailure Failure { get; }
}

/// <summary>
/// The case workflow as one table. Only the Headmistress, or her acting Headmistress, decides (approve, reject,
/// request changes), because the policy gives the decision to her; nothing can be acted on until she has approved.
/// </summary>
public static class CaseWorkflow
{
    private const StaffRole Slt = StaffRole.Slt;
    private const StaffRole Head = StaffRole.Headmistress;
    private const StaffRole Acting = StaffRole.ActingHeadmistress;

    public static IReadOnlyList<TransitionRule> Transitions { get; } =
    [
        new(CaseState.Logged, CaseAction.StartReview, Slt, CaseState.UnderReview),
        new(CaseState.Logged, CaseAction.Withdraw, Slt, CaseState.Withdrawn),

        new(CaseState.UnderReview, CaseAction.Propose, Slt, CaseState.Proposed),
        new(CaseState.UnderReview, CaseAction.Withdraw, Slt, CaseState.Withdrawn),

        new(CaseState.Proposed, CaseAction.Approve, Head, CaseState.Approved),
        new(CaseState.Proposed, CaseAction.Approve, Acting, CaseState.Approved),
        new(CaseState.Proposed, CaseAction.Reject, Head, CaseState.Rejected),
        new(CaseState.Proposed, CaseAction.Reject, Acting, CaseState.Rejected),
        new(CaseState.Proposed, CaseAction.RequestChanges, Head, CaseState.ChangesRequested),
        new(CaseState.Proposed, CaseAction.RequestChanges, Acting, CaseState.ChangesRequested),
        new(CaseState.Proposed, CaseAction.Revise, Slt, CaseState.Proposed),
        new(CaseState.Proposed, CaseAction.Withdraw, Slt, CaseState.Withdrawn),

        new(CaseState.ChangesRequested, CaseAction.Revise, Slt, CaseState.Proposed),
        new(CaseState.ChangesRequested, CaseAction.Withdraw, Slt, CaseState.Withdrawn),

        new(CaseState.Approved, CaseAction.StartActions, Slt, CaseState.ActionsInProgress),

        // Her approval sets the approved actions going in the same click, recorded as hers.
        new(CaseState.Approved, CaseAction.StartActions, Head, CaseState.ActionsInProgress),
        new(CaseState.Approved, CaseAction.StartActions, Acting, CaseState.ActionsInProgress),
        new(CaseState.Approved, CaseAction.Revise, Slt, CaseState.Proposed),

        new(CaseState.ActionsInProgress, CaseAction.CarryOut, Slt, CaseState.ActionsInProgress),
        new(CaseState.ActionsInProgress, CaseAction.Close, Slt, CaseState.Closed),

        // A booked meeting can still move or be called off: the case's state does not change.
        new(CaseState.ActionsInProgress, CaseAction.ChangeMeeting, Slt, CaseState.ActionsInProgress),
        new(CaseState.Closed, CaseAction.ChangeMeeting, Slt, CaseState.Closed),

        // What the app cannot do itself (gather information, speak to the parent...) is tracked while the case is open.
        new(CaseState.Logged, CaseAction.TrackTask, Slt, CaseState.Logged),
        new(CaseState.UnderReview, CaseAction.TrackTask, Slt, CaseState.UnderReview),
        new(CaseState.Proposed, CaseAction.TrackTask, Slt, CaseState.Proposed),
        new(CaseState.ChangesRequested, CaseAction.TrackTask, Slt, CaseState.ChangesRequested),
        new(CaseState.Approved, CaseAction.TrackTask, Slt, CaseState.Approved),
        new(CaseState.ActionsInProgress, CaseAction.TrackTask, Slt, CaseState.ActionsInProgress),

        // The owner of a task who is not SLT does their own task (CaseAccess checks it is theirs).
        new(CaseState.Logged, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.Logged),
        new(CaseState.UnderReview, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.UnderReview),
        new(CaseState.Proposed, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.Proposed),
        new(CaseState.ChangesRequested, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.ChangesRequested),
        new(CaseState.Approved, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.Approved),
        new(CaseState.ActionsInProgress, CaseAction.CompleteOwnTask, StaffRole.Staff, CaseState.ActionsInProgress),
    ];

    /// <summary>Roles that may log a concern, creating a case in <see cref="CaseState.Logged"/>.</summary>
    public static IReadOnlySet<StaffRole> RolesThatMayLog { get; } =
        new HashSet<StaffRole> { StaffRole.Staff, Slt, Head, Acting };

    /// <summary>Actions whose audit record must say why, because someone later will ask.</summary>
    public static IReadOnlySet<CaseAction> ActionsNeedingReason { get; } =
        new HashSet<CaseAction> { CaseAction.Propose, CaseAction.Revise, CaseAction.RequestChanges, CaseAction.Reject, CaseAction.Withdraw };

    /// <summary>No step leads out of this state (a closed case's meeting can still move; the case stays closed).</summary>
    public static bool IsFinal(CaseState state) => Transitions.All(t => t.From != state || t.To == state);

    /// <summary>What this role may do now; for showing only the buttons that will work.</summary>
    public static IReadOnlyList<CaseAction> AllowedActions(CaseState from, StaffRole role) =>
        Transitions.Where(t => t.From == from && t.Role == role).Select(t => t.Action).Distinct().ToList();

    /// <summary>Creates a case: the first audit event, from and to <see cref="CaseState.Logged"/>.</summary>
    public static Transition Log(Actor actor, DateTimeOffset at, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!RolesThatMayLog.Contains(actor.Role))
        {
            throw new WorkflowException(
                CaseState.Logged, CaseAction.Log, actor.Role, WorkflowFailure.WrongRole,
                $"Someone acting as {Describe(actor.Role)} cannot log a concern.");
        }

        return new Transition(
            CaseState.Logged,
            new AuditEvent(actor.UserId, actor.Role, at, CaseState.Logged, CaseState.Logged, CaseAction.Log, Clean(reason)));
    }

    /// <summary>Applies one step, or throws <see cref="WorkflowException"/> and changes nothing.</summary>
    /// <param name="appointment">
    /// When the actor acts as acting Headmistress and the caller has her appointment, it must be hers and in force at <paramref name="at"/>.
    /// </param>
    public static Transition Apply(
        CaseState from,
        CaseAction action,
        Actor actor,
        string? reason,
        DateTimeOffset at,
        ActingHeadmistressAppointment? appointment = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var forAction = Transitions.Where(t => t.From == from && t.Action == action).ToList();
        if (forAction.Count == 0)
        {
            throw new WorkflowException(
                from, action, actor.Role, WorkflowFailure.NotAllowedInState,
                $"You cannot {Describe(action)} a case that is {Describe(from)}.");
        }

        var rule = forAction.FirstOrDefault(t => t.Role == actor.Role)
            ?? throw new WorkflowException(
                from, action, actor.Role, WorkflowFailure.WrongRole,
                $"Only {string.Join(" or ", forAction.Select(t => Describe(t.Role)).Distinct())} can {Describe(action)} " +
                $"a case that is {Describe(from)}; you are acting as {Describe(actor.Role)}.");

        if (actor.Role == Acting && appointment is not null
            && (!string.Equals(appointment.UserId, actor.UserId, StringComparison.OrdinalIgnoreCase) || !appointment.IsInForce(at)))
        {
            throw new WorkflowException(
                from, action, actor.Role, WorkflowFailure.AppointmentNotInForce,
                $"'{actor.UserId}' is not acting Headmistress at this time, so cannot decide.");
        }

        var cleanReason = Clean(reason);
        if (ActionsNeedingReason.Contains(action) && cleanReason is null)
        {
            throw new WorkflowException(
                from, action, actor.Role, WorkflowFailure.ReasonRequired,
                $"Give a reason to {Describe(action)} a case.");
        }

        return new Transition(
            rule.To,
            new AuditEvent(actor.UserId, actor.Role, at, from, rule.To, action, cleanReason));
    }

    private static string? Clean(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    internal static string Describe(StaffRole role) => role switch
    {
        StaffRole.Staff => "staff",
        StaffRole.Slt => "the Senior Leadership Team",
        StaffRole.Headmistress => "the Headmistress",
        StaffRole.ActingHeadmistress => "the acting Headmistress",
        StaffRole.Dsl => "the Designated Safeguarding Lead",
        _ => role.ToString(),
    };

    internal static string Describe(CaseState state) => state switch
    {
        CaseState.Logged => "logged",
        CaseState.UnderReview => "under review",
        CaseState.Proposed => "awaiting the Headmistress's decision",
        CaseState.ChangesRequested => "back with SLT for changes",
        CaseState.Approved => "approved",
        CaseState.Rejected => "rejected",
        CaseState.ActionsInProgress => "having its actions carried out",
        CaseState.Closed => "closed",
        CaseState.Withdrawn => "withdrawn",
        _ => state.ToString(),
    };

    internal static string Describe(CaseAction action) => action switch
    {
        CaseAction.Log => "log again",
        CaseAction.StartReview => "start reviewing",
        CaseAction.Propose => "propose a response to",
        CaseAction.Revise => "revise the proposal of",
        CaseAction.RequestChanges => "send back for changes",
        CaseAction.Approve => "approve",
        CaseAction.Reject => "reject",
        CaseAction.StartActions => "start the actions of",
        CaseAction.CarryOut => "carry out the actions of",
        CaseAction.Close => "close",
        CaseAction.Withdraw => "withdraw",
        CaseAction.ChangeMeeting => "change the meeting of",
        CaseAction.TrackTask => "track a task on",
        CaseAction.CompleteOwnTask => "mark your task done on",
        _ => action.ToString(),
    };
}
