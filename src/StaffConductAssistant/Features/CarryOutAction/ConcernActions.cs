using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;

namespace StaffConductAssistant.Features.CarryOutAction;

/// <summary>The approved actions of a case as one unit: when they are all done, the case is closed.</summary>
public static class ConcernActions
{
    /// <summary>
    /// Every approved action is done (or was cancelled because what was approved changed), and no task is open: a
    /// case with a task still to do (speak to the parent, contact the authorities) is not finished. Callers load the
    /// concern with its actions and tasks.
    /// </summary>
    public static bool AllDone(Concern concern)
    {
        ArgumentNullException.ThrowIfNull(concern);
        return concern.State == CaseState.ActionsInProgress
            && concern.Actions.Count > 0
            && concern.Actions.All(a => a.Status is ActionStatus.Done or ActionStatus.Cancelled)
            && concern.Tasks.All(t => t.DoneAt is not null);
    }

    /// <summary>
    /// Closes a case whose last action the app itself completed (the letter went by email). No person took the
    /// step, so it is recorded as the app's; the table must still allow closing from this state.
    /// </summary>
    public static void CloseByApp(AppDbContext db, Concern concern, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(concern);
        var rule = CaseWorkflow.Transitions.First(t => t.From == concern.State && t.Action == CaseAction.Close);
        var entry = AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, nameof(CaseAction.Close), AuditSubjects.Case(concern.Id), at);
        entry.FromState = concern.State.ToString();
        entry.ToState = rule.To.ToString();
        concern.State = rule.To;
    }
}
