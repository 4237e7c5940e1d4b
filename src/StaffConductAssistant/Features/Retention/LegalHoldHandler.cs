using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;

namespace StaffConductAssistant.Features.Retention;

/// <summary>What became of a request to place or lift a legal hold.</summary>
public enum HoldChange
{
    Done,
    ReasonNeeded,
    AlreadyHeld,
    NotHeld,
}

/// <summary>
/// Places or lifts a case's legal hold, with the reason, in one transaction with its audit entry: the one handler for
/// the case page (<see cref="LegalHoldEndpoints"/>) and the card (<see cref="CaseActionDispatcher"/>). The caller has
/// asked the access rule (<see cref="CaseOperation.PlaceLegalHold"/>, <see cref="CaseOperation.ReleaseLegalHold"/>).
/// </summary>
public sealed class LegalHoldHandler(AppDbContext db)
{
    public async Task<HoldChange> ChangeAsync(int concernId, string userId, StaffRole role, CaseOperation operation, string? reason, DateTimeOffset now, string surface, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > RetentionModel.ReasonMaxLength)
        {
            return HoldChange.ReasonNeeded;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var current = await db.LegalHolds.SingleOrDefaultAsync(h => h.ConcernId == concernId && h.ReleasedAt == null, ct);
        if (operation == CaseOperation.PlaceLegalHold)
        {
            if (current is not null)
            {
                return HoldChange.AlreadyHeld;
            }

            db.LegalHolds.Add(new LegalHold { ConcernId = concernId, Reason = reason, PlacedByUserId = userId, PlacedAt = now });
        }
        else
        {
            if (current is null)
            {
                return HoldChange.NotHeld;
            }

            current.ReleasedAt = now;
            current.ReleasedByUserId = userId;
            current.ReleaseReason = reason;

            // Lifted, the case's schedule starts its notice again: SLT are told before anything of it goes.
            await db.RetentionNotices.Where(n => n.ConcernId == concernId).ExecuteDeleteAsync(ct);
        }

        var entry = AuditLog.Record(db, userId, role.ToString(),
            operation == CaseOperation.PlaceLegalHold ? RetentionActions.LegalHoldPlaced : RetentionActions.LegalHoldReleased,
            AuditSubjects.Case(concernId), now, JsonSerializer.Serialize(new { surface }));
        entry.Reason = reason;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return HoldChange.Done;
    }

    /// <summary>From the card: the same change, answered with the card and a note in plain words.</summary>
    public async Task<CaseOutcome> FromCardAsync(CaseStep step, ChangeLegalHold command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(command);
        var result = await ChangeAsync(step.Concern.Id, step.UserId, step.Role, command.Operation, command.Reason, step.At, AuditSurfaces.Card, ct);
        return result == HoldChange.Done
            ? CaseOutcome.Done(command.Operation == CaseOperation.PlaceLegalHold
                ? "Legal hold placed: nothing of this case will be deleted while it stands."
                : "Legal hold lifted. SLT will be told before anything of this case is deleted.")
            : CaseOutcome.Problem(Message(result));
    }

    public static string Message(HoldChange change) => change switch
    {
        HoldChange.ReasonNeeded => LegalHoldEndpoints.ReasonNeeded,
        HoldChange.AlreadyHeld => "This case is already on legal hold. Nothing has changed.",
        HoldChange.NotHeld => "This case is not on legal hold. Nothing has changed.",
        _ => string.Empty,
    };
}
