using System.Text.Json;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;

namespace StaffConductAssistant.Features.Safeguarding;

/// <summary>The DSL records that a concern is handled under the school's safeguarding procedures (KCSIE), with a note.</summary>
public sealed class RecordSafeguardingHandler(AppDbContext db, CaseChanges changes)
{
    public async Task<CaseOutcome> RecordAsync(CaseStep x, RecordSafeguarding command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        if (c.SafeguardingHandledAt is not null)
        {
            return CaseOutcome.Problem("This was already recorded as handled under the safeguarding procedures. Nothing has changed.");
        }

        c.SafeguardingHandledAt = x.At;
        c.SafeguardingHandledBy = x.UserId;
        c.SafeguardingNote = command.Note;
        AuditLog.Record(db, x.UserId, x.Role.ToString(), AuditActions.SafeguardingRecorded, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { note = command.Note is not null }));
        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done("Recorded: handled under the safeguarding procedures.");
    }
}
