using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;

namespace StaffConductAssistant.Hosting;

/// <summary>
/// Work that happens after the user has had an answer (sending cards to others, letters, reminders).
/// It is written to the database in the same SaveChanges as the change that caused it, so a restart
/// loses nothing; <see cref="OutboxProcessor"/> then carries it out, retrying with backoff.
/// </summary>
public static class Outbox
{
    public static void Enqueue<T>(AppDbContext db, string kind, T payload, DateTimeOffset now, TimeSpan? delay = null)
    {
        var json = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web);
        db.Outbox.Add(new OutboxMessage
        {
            Kind = kind,
            PayloadJson = json,
            CaseId = CaseOf(json),
            CreatedAt = now,
            NextAttemptAt = now + (delay ?? TimeSpan.Zero),
        });
    }

    /// <summary>
    /// The case a payload is about (its <c>caseId</c> or <c>concernId</c>), so one case's work runs in the order it was
    /// queued even with several app instances: a card refresh that ran before the Headmistress's copy was recorded would
    /// leave her copy out of date.
    /// </summary>
    private static int? CaseOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["caseId", "concernId"])
        {
            if (document.RootElement.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var caseId))
            {
                return caseId;
            }
        }

        return null;
    }

    public static T Read<T>(OutboxMessage message) =>
        JsonSerializer.Deserialize<T>(message.PayloadJson, JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException($"Outbox message {message.Id} has no payload.");
}

/// <summary>Carries out one kind of outbox work. Throwing means "try again later".</summary>
public interface IOutboxHandler
{
    string Kind { get; }

    Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken);
}

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// How long a claimed message is left alone by other workers (other app instances) before it is tried again. The
    /// worker running it renews the lease every third of this while the work lasts, so only a worker that has died
    /// loses it. Short, because after a crash (kill -9) the dead worker's messages wait this long: with 2 minutes, the
    /// outbox did not resume within the minute issue 16 asks.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Polls the outbox and runs due work, one message at a time, in its own scope. With several app instances on one
/// database each message is claimed by exactly one worker (an atomic conditional UPDATE, so it works the same on SQLite
/// and PostgreSQL), and a case's messages run one at a time in the order they were queued, as on one instance.
/// </summary>
public sealed partial class OutboxProcessor(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<OutboxOptions> options,
    AppTelemetry telemetry,
    Microsoft.Extensions.Options.IOptions<TelemetryOptions> telemetryOptions,
    ILogger<OutboxProcessor> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0);
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    /// <summary>Ask the processor to look now rather than at its next poll (after an answer has been sent).</summary>
    public void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    /// <summary>Runs every due message once; returns how many ran. Also used by tests to drain the outbox.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RunDueCoreAsync(cancellationToken);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task<int> RunDueCoreAsync(CancellationToken cancellationToken)
    {
        var ran = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = clock.GetUtcNow();
            var message = await Claimable(db, db.Outbox, now).OrderBy(m => m.Id).FirstOrDefaultAsync(cancellationToken);
            if (message is null)
            {
                return ran;
            }

            // Claim it: only the worker whose update still finds it claimable runs it, so two app instances never send
            // the same card twice (on PostgreSQL the second UPDATE waits for the first's row lock, then re-checks the
            // row). The lease ends by itself if this worker dies mid-way.
            var lease = options.Value.Lease;
            var claimedUntil = now + lease;
            var claimed = await Claimable(db, db.Outbox.Where(m => m.Id == message.Id), now)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntil, claimedUntil), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var handler = scope.ServiceProvider.GetServices<IOutboxHandler>().FirstOrDefault(h => h.Kind == message.Kind);
            var kind = handler?.Kind ?? "other";
            using var span = AppTelemetry.Source.StartActivity("outbox " + kind);
            span?.SetTag("outbox.kind", kind);
            span?.SetTag("outbox.message_id", message.Id);
            message.Attempts++;
            span?.SetTag("outbox.attempt", message.Attempts);
            var outcome = "done";
            try
            {
                if (handler is null)
                {
                    throw new InvalidOperationException($"No handler for outbox kind {message.Kind}.");
                }

                using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var renewal = RenewLeaseAsync(message.Id, claimedUntil, lease, renewing.Token);
                try
                {
                    await handler.HandleAsync(message, cancellationToken);
                }
                finally
                {
                    await renewing.CancelAsync();
                    await renewal;
                }

                message.CompletedAt = clock.GetUtcNow();
                message.LastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever the handler left unsaved (a change refused by a concurrency check) is dropped, or saving this
                // outcome would fail the same way and leave the message claimed, holding up its case until the lease ends.
                db.ChangeTracker.Clear();
                db.Outbox.Attach(message);
                db.Entry(message).Property(m => m.Attempts).IsModified = true;

                // Error type only: exception messages can carry personal data from a response body.
                message.LastError = ex.GetType().Name;
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
                outcome = message.Attempts >= options.Value.MaxAttempts ? "gave_up" : "retry";
                if (message.Attempts >= options.Value.MaxAttempts)
                {
                    message.CompletedAt = clock.GetUtcNow();
                    Log.OutboxGaveUp(logger, message.Id, message.Kind, message.Attempts);
                }
                else
                {
                    message.NextAttemptAt = clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, message.Attempts)));
                    Log.OutboxRetry(logger, message.Id, message.Kind, message.Attempts, ex.GetType().Name);
                }
            }

            // Released only now, with this run's outcome (success, retry time or giving up). Not before the handler runs:
            // the handler saves through this same context, and a release saved with its first change let another
            // instance claim the message mid-way and send a card twice (issue 16, item 4).
            db.Entry(message).Property(m => m.LockedUntil).OriginalValue = claimedUntil;
            message.LockedUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
            telemetry.OutboxRan(kind, outcome);
            ran++;
        }

        return ran;
    }

    /// <summary>
    /// Due, not claimed by a live worker, and (for a case's work) no earlier message of the same case still due and no
    /// message of it running: one case's card sends and updates happen in the order they were queued.
    /// </summary>
    private static IQueryable<OutboxMessage> Claimable(AppDbContext db, IQueryable<OutboxMessage> candidates, DateTimeOffset now) =>
        candidates.Where(m => m.CompletedAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now)
            && (m.CaseId == null || !db.Outbox.Any(o => o.CaseId == m.CaseId && o.Id != m.Id && o.CompletedAt == null
                && ((o.Id < m.Id && o.NextAttemptAt <= now) || (o.LockedUntil != null && o.LockedUntil >= now)))));

    /// <summary>Keeps this worker's claim while the work lasts (a Graph send waiting out Retry-After can take minutes).</summary>
    private async Task RenewLeaseAsync(long id, DateTimeOffset until, TimeSpan lease, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, clock, stop);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var next = clock.GetUtcNow() + lease;
                var current = until;
                var renewed = await db.Outbox.Where(m => m.Id == id && m.CompletedAt == null && m.LockedUntil == current)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntil, next), stop);
                if (renewed == 0)
                {
                    Log.LeaseLost(logger, id);
                    return;
                }

                until = next;
            }
        }
        catch (OperationCanceledException)
        {
            // The work has finished: its outcome releases the claim.
        }
        catch (Exception ex)
        {
            // The database hiccupped: the claim still holds until it ends, and the work carries on.
            Log.LeaseRenewalFailed(logger, id, ex.GetType().Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.OutboxFailed(logger, ex.GetType().Name);
            }

            try
            {
                await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private DateTimeOffset nextSample = DateTimeOffset.MinValue;

    /// <summary>Reads the outbox's depth and the age of its oldest due message for the gauges, every so often.</summary>
    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < nextSample)
        {
            return;
        }

        nextSample = now + telemetryOptions.Value.OutboxSampleInterval;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var due = db.Outbox.AsNoTracking().Where(m => m.CompletedAt == null && m.NextAttemptAt <= now);
        var depth = await due.CountAsync(cancellationToken);
        var oldest = depth == 0 ? now : await due.OrderBy(m => m.NextAttemptAt).Select(m => m.NextAttemptAt).FirstAsync(cancellationToken);
        telemetry.OutboxSampled(depth, now - oldest);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({Kind}) failed on attempt {Attempt} with {ErrorType}; will retry")]
        public static partial void OutboxRetry(ILogger logger, long messageId, string kind, int attempt, string errorType);

        [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Outbox message {MessageId} ({Kind}) gave up after {Attempts} attempts")]
        public static partial void OutboxGaveUp(ILogger logger, long messageId, string kind, int attempts);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Outbox loop failed with {ErrorType}")]
        public static partial void OutboxFailed(ILogger logger, string errorType);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Outbox message {MessageId}: its claim ended while it ran, so another worker may run it too")]
        public static partial void LeaseLost(ILogger logger, long messageId);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Outbox message {MessageId}: renewing its claim failed with {ErrorType}")]
        public static partial void LeaseRenewalFailed(ILogger logger, long messageId, string errorType);
    }
}
