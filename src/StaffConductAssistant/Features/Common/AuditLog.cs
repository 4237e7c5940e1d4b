using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;

namespace StaffConductAssistant.Features.Common;

/// <summary>Every step is recorded: who, in which role, what, when, from which card.</summary>
public static class AuditLog
{
    public static AuditEntry Record(AppDbContext db, AuditEvent audit, int concernId, string? cardActivityId = null, string? detailsJson = null)
    {
        var entry = new AuditEntry
        {
            At = audit.At,
            ActorId = audit.ActorId,
            ActorRole = audit.Role.ToString(),
            Action = audit.Action.ToString(),
            Subject = ConcernView.Subject(concernId),
            FromState = audit.From == audit.To && audit.Action == CaseAction.Log ? null : audit.From.ToString(),
            ToState = audit.To.ToString(),
            Reason = audit.Reason,
            CardActivityId = cardActivityId,
            DetailsJson = detailsJson,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    public static AuditEntry Record(AppDbContext db, string actorId, string actorRole, string action, string subject, DateTimeOffset at, string? detailsJson = null)
    {
        var entry = new AuditEntry
        {
            At = at,
            ActorId = actorId,
            ActorRole = actorRole,
            Action = action,
            Subject = subject,
            DetailsJson = detailsJson,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
