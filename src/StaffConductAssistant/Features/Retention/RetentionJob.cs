using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.SltChannelSetup;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Features.Retention;

/// <summary>The daily retention run, as outbox work: claimed by one instance only (<see cref="OutboxProcessor"/>'s lease).</summary>
public sealed record RunRetention(DateTimeOffset DueAt);

/// <summary>
/// Once a day: tells SLT in their channel what is due in the next <see cref="RetentionOptions.NoticeDays"/> days, deletes
/// what is due (never what is on legal hold, open, or a safeguarding record), deletes old drafts, removes the oldest audit
/// entries whose period has ended, and records each of these in the audit trail. Then books tomorrow's run.
/// </summary>
public sealed partial class RetentionJob(
    AppDbContext db, IConnectorClient connector, TimeProvider clock, IOptions<RetentionOptions> options, Features.CarryOutAction.LetterFolder letters, ILogger<RetentionJob> logger) : IOutboxHandler
{
    public const string KindName = "retention.daily";

    private static readonly string[] ClosedStates = [nameof(CaseState.Closed), nameof(CaseState.Withdrawn), nameof(CaseState.Rejected)];

    public string Kind => KindName;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = clock.GetUtcNow();

        // Tomorrow's run is booked first, so a run that keeps failing (and is given up) never stops the schedule.
        if (!await db.Outbox.AnyAsync(m => m.Kind == KindName && m.CompletedAt == null && m.Id != message.Id, cancellationToken))
        {
            var next = RetentionSchedule.NextRun(options.Value, now);
            Outbox.Enqueue(db, KindName, new RunRetention(next), now, next - now);
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (await db.Outbox.AnyAsync(m => m.Kind == KindName && m.CompletedAt == null && m.Id < message.Id && m.NextAttemptAt <= now, cancellationToken))
        {
            // Two instances booked a run at the same start: the older booking does the work.
            return;
        }

        await RunAsync(now, cancellationToken);
    }

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        var plan = RetentionSchedule.Plan(o, await CasesAsync(ct), await ToldAsync(ct), now);
        Log.Planned(logger, plan.Tell.Count, plan.Delete.Count);

        if (plan.Tell.Count > 0 && await TellSltAsync(plan.Tell, now, ct))
        {
            foreach (var item in plan.Tell)
            {
                db.RetentionNotices.Add(new RetentionNotice { ConcernId = item.ConcernId, Kind = item.Kind.ToString(), DueAt = item.DueAt, NotifiedAt = now });
                AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, RetentionActions.RetentionNotified, AuditSubjects.Case(item.ConcernId), now,
                    JsonSerializer.Serialize(new { kind = item.Kind.ToString(), dueAt = item.DueAt, reviewOnly = item.ReviewOnly }));
            }

            await db.SaveChangesAsync(ct);
        }

        foreach (var item in plan.Delete)
        {
            await DeleteAsync(item, now, ct);
        }

        await DeleteDraftsAsync(now.AddDays(-o.DraftDays), now, ct);
        await AuditChain.PruneAsync(db, now.AddYears(-o.AuditYears), now, ct);
    }

    private async Task<List<RetentionCase>> CasesAsync(CancellationToken ct)
    {
        var closed = await db.Concerns.AsNoTracking()
            .Where(c => c.State == CaseState.Closed || c.State == CaseState.Withdrawn || c.State == CaseState.Rejected)
            .Select(c => new
            {
                c.Id,
                c.UpdatedAt,
                Safeguarding = c.Safeguarding || c.ChildAtRisk,
                HasEvidence = db.Evidence.Any(e => e.ConcernId == c.Id),
                HasLetter = c.LetterText != null || c.LetterRecipientEmail != null,
                Held = db.LegalHolds.Any(h => h.ConcernId == c.Id && h.ReleasedAt == null),
            })
            .ToListAsync(ct);
        if (closed.Count == 0)
        {
            return [];
        }

        // Closure is when the trail recorded the case reaching its last state (UpdatedAt if the trail has no such step).
        var subjects = closed.Select(c => AuditSubjects.Case(c.Id)).ToList();
        var closures = (await db.AuditEntries.AsNoTracking()
                .Where(a => subjects.Contains(a.Subject) && a.ToState != null && ClosedStates.Contains(a.ToState))
                .Select(a => new { a.Subject, a.At })
                .ToListAsync(ct))
            .GroupBy(a => a.Subject)
            .ToDictionary(g => g.Key, g => g.Max(a => a.At));
        return closed.Select(c => new RetentionCase(
            c.Id,
            closures.TryGetValue(AuditSubjects.Case(c.Id), out var at) ? at : c.UpdatedAt,
            c.Held, c.Safeguarding, c.HasEvidence, c.HasLetter)).ToList();
    }

    private async Task<Func<int, RetentionKind, DateTimeOffset?>> ToldAsync(CancellationToken ct)
    {
        var told = await db.RetentionNotices.AsNoTracking().Select(n => new { n.ConcernId, n.Kind, n.NotifiedAt }).ToListAsync(ct);
        var map = told.ToDictionary(n => (n.ConcernId, n.Kind), n => n.NotifiedAt);
        return (id, kind) => map.TryGetValue((id, kind.ToString()), out var at) ? at : null;
    }

    /// <summary>One message to the SLT channel listing what is due; false (nothing recorded, told again tomorrow) if there is no channel.</summary>
    private async Task<bool> TellSltAsync(IReadOnlyList<RetentionItem> items, DateTimeOffset now, CancellationToken ct)
    {
        var slt = await SltChannel.GetAsync(db, ct);
        if (slt is null)
        {
            Log.NoSltChannel(logger, items.Count);
            return false;
        }

        var text = new StringBuilder("**Records due under the retention schedule.** ");
        text.Append(CultureInfo.InvariantCulture, $"Unless a case is put on legal hold (on its page in the Concerns tab), these are deleted on the date shown, and not before {now.AddDays(options.Value.NoticeDays):d MMMM yyyy}:\n\n");
        foreach (var item in items.OrderBy(i => i.DueAt).ThenBy(i => i.ConcernId))
        {
            text.Append(CultureInfo.InvariantCulture, $"- Concern #{item.ConcernId}: {Describe(item)}, due {SchoolTime.LongDate(item.DueAt)}\n");
        }

        var message = ConversationStore.ReferenceOf(slt).CreateMessage(text.ToString());
        await connector.SendToConversationAsync(slt.ServiceUrl, slt.ConversationId, message, ct);
        return true;
    }

    private static string Describe(RetentionItem item) => item.ReviewOnly
        ? "a safeguarding record: review it with the DSL (it is not deleted automatically)"
        : item.Kind switch
        {
            RetentionKind.Evidence => "the original email and its attachments",
            RetentionKind.Letters => "the letter text",
            _ => "the whole case (concern, emails, attachments and letters)",
        };

    private async Task DeleteAsync(RetentionItem item, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        // Checked again inside the transaction: a hold placed since the plan was made wins.
        if (await db.LegalHolds.AnyAsync(h => h.ConcernId == item.ConcernId && h.ReleasedAt == null, ct))
        {
            return;
        }

        var removed = item.Kind switch
        {
            RetentionKind.Evidence => await db.Evidence.Where(e => e.ConcernId == item.ConcernId).ExecuteDeleteAsync(ct),
            RetentionKind.Letters => await db.Concerns.Where(c => c.Id == item.ConcernId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.LetterText, (string?)null).SetProperty(c => c.LetterRecipientEmail, (string?)null), ct)
                + await db.SiteBanSteps.Where(s => db.SiteBans.Any(b => b.Id == s.SiteBanId && b.ConcernId == item.ConcernId))
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.LetterText, (string?)null), ct),

            // The database's cascades take the evidence, cards, actions, people, notices and past holds with it.
            _ => await db.Concerns.Where(c => c.Id == item.ConcernId).ExecuteDeleteAsync(ct),
        };

        // In local mode the letters and invitations are also files in the outbox folder: they go with the letters or the case.
        IReadOnlyList<string> files = item.Kind == RetentionKind.Evidence ? [] : letters.FilesOfCase(item.ConcernId);
        AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, RetentionActions.RetentionDeleted, AuditSubjects.Case(item.ConcernId), now,
            JsonSerializer.Serialize(new { kind = item.Kind.ToString(), dueAt = item.DueAt, rows = removed, files = files.Count }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        // After the commit: a failed save leaves the files with the rows they belong to, never rows without their files.
        foreach (var file in files)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.FileNotDeleted(logger, ex, item.ConcernId);
            }
        }

        Log.Deleted(logger, item.ConcernId, item.Kind);
    }

    private async Task DeleteDraftsAsync(DateTimeOffset before, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.ConcernDrafts.Where(d => d.CreatedAt < before).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, RetentionActions.DraftsDeleted, RetentionActions.Subject, now,
                JsonSerializer.Serialize(new { count = removed, before }));
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Retention run: {Tell} items to tell SLT about, {Delete} to delete")]
        public static partial void Planned(ILogger logger, int tell, int delete);

        [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Retention: {Count} items are due but no SLT channel is set, so SLT were not told and nothing was deleted")]
        public static partial void NoSltChannel(ILogger logger, int count);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Retention deleted {Kind} of concern {ConcernId}")]
        public static partial void Deleted(ILogger logger, int concernId, RetentionKind kind);

        [LoggerMessage(EventId = 6020, Level = LogLevel.Error, Message = "Retention could not delete an outbox file of concern {ConcernId}; delete it by hand")]
        public static partial void FileNotDeleted(ILogger logger, Exception exception, int concernId);
    }
}

/// <summary>At start, books the daily run if none is booked (an instance that finds one booked leaves it).</summary>
public sealed class RetentionScheduler(IServiceScopeFactory scopes, TimeProvider clock, IOptions<RetentionOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.Outbox.AnyAsync(m => m.Kind == RetentionJob.KindName && m.CompletedAt == null, cancellationToken))
        {
            var now = clock.GetUtcNow();
            var next = RetentionSchedule.NextRun(options.Value, now);
            Outbox.Enqueue(db, RetentionJob.KindName, new RunRetention(next), now, next - now);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
