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
        db.Outbox.Add(new OutboxMessage
        {
            Kind = kind,
            PayloadJson = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web),
            CreatedAt = now,
            NextAttemptAt = now + (delay ?? TimeSpan.Zero),
        });
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
}

/// <summary>Polls the outbox and runs due work, one message at a time, in its own scope.</summary>
public sealed partial class OutboxProcessor(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<OutboxOptions> options,
    AppTelemetry telemetry,
    Microsoft.Extensions.Options.IOptions<TelemetryOptions> telemetryOptions,
    ILogger<OutboxProcessor> logger) : BackgroundService
{
    /// <summary>How long a claimed message is left alone by other workers before it is tried again.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

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
            var message = await db.Outbox
                .Where(m => m.CompletedAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (message is null)
            {
                return ran;
            }

            // Claim it: only the worker whose update still finds it unlocked runs it, so two app instances never send
            // the same card twice. The lease ends by itself if this worker dies mid-way.
            var claimedUntil = now + Lease;
            var claimed = await db.Outbox
                .Where(m => m.Id == message.Id && m.CompletedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntil, claimedUntil), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            // Released when this run's outcome is saved (success, retry time or giving up).
            db.Entry(message).Property(m => m.LockedUntil).OriginalValue = claimedUntil;
            message.LockedUntil = null;

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

                await handler.HandleAsync(message, cancellationToken);
                message.CompletedAt = clock.GetUtcNow();
                message.LastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
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

            await db.SaveChangesAsync(CancellationToken.None);
            telemetry.OutboxRan(kind, outcome);
            ran++;
        }

        return ran;
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
    }
}
