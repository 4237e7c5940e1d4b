using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Features.CaseActions;

/// <summary>Where a request came from in Teams, for work that must reach someone later (the Headmistress's 1:1).</summary>
public sealed record CaseOrigin(string? ServiceUrl, string? BotId, string? TenantId)
{
    public static CaseOrigin None { get; } = new(null, null, null);
}

/// <summary>One allowed request about one case, as a handler receives it: the access rule has already said yes.</summary>
/// <param name="Role">The capacity the rule says the person acts in; the workflow step is recorded under it.</param>
public sealed record CaseStep(StaffMember Who, StaffRole Role, Concern Concern, CaseFacts Facts, DateTimeOffset At, string? Name, string? CardActivityId, CaseOrigin Origin)
{
    public string UserId => Who.UserId;
}

/// <summary>What a handler tells the person: a note (or a problem to fix), and what they had typed, to show again.</summary>
public sealed record CaseOutcome(string? Note, bool IsProblem, ProposalForm? Form = null)
{
    public static CaseOutcome Done(string? note) => new(note, false);

    public static CaseOutcome Problem(string note, ProposalForm? form = null) => new(note, true, form);
}

/// <summary>
/// How a handler changes a case: each workflow step through the table with its audit entry, then one save with the
/// refresh of every copy of the card. <see cref="Concern.Version"/> is the concurrency token, so one click records once.
/// </summary>
public sealed class CaseChanges(AppDbContext db, OutboxProcessor outbox, TimeProvider clock)
{
    public void Step(CaseStep x, CaseAction action, string? reason, DateTimeOffset? at = null, string? detailsJson = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var transition = CaseWorkflow.Apply(x.Concern.State, action, new Actor(x.UserId, x.Role), reason, at ?? x.At);
        AuditLog.Record(db, transition.Audit, x.Concern.Id, x.CardActivityId, detailsJson);
        x.Concern.State = transition.To;
    }

    public async Task SaveAsync(Concern c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var now = clock.GetUtcNow();
        c.Version++;
        c.UpdatedAt = now;
        Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(c.Id), now);
        await db.SaveChangesAsync(ct);
        outbox.Wake();
    }

    /// <summary>Records who looked (a card, the case page, a file), or who was refused: views are part of the trail.</summary>
    public async Task RecordViewAsync(string actorId, StaffRole? role, string action, int concernId, string surface, CancellationToken ct)
    {
        AuditLog.Record(db, string.IsNullOrWhiteSpace(actorId) ? "unknown" : actorId, role?.ToString() ?? "None", action, AuditSubjects.Case(concernId), clock.GetUtcNow(),
            System.Text.Json.JsonSerializer.Serialize(new { surface }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The Headmistress's appointment of this person that is in force now, if any (a future one is not).</summary>
    public async Task<ActingHeadmistressAppointment?> AppointmentInForceAsync(string userId, DateTimeOffset at, CancellationToken ct)
    {
        var records = await db.ActingHeadAppointments.AsNoTracking()
            .Where(a => a.UserId == userId && a.RevokedAt == null)
            .ToListAsync(ct);
        var record = records.Where(a => a.From <= at && at < a.Until).OrderByDescending(a => a.From).FirstOrDefault();
        return record is null ? null : new ActingHeadmistressAppointment(record.UserId, record.From, record.Until, record.AppointedBy);
    }
}
