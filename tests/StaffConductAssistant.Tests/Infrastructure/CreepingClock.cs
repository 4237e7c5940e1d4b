using System.Diagnostics;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>
/// The app's clock for a test that moves time by days: it starts at a set time, jumps when told, and otherwise runs a
/// thousand times slower than real time (the outbox needs time to pass to see work as done).
/// </summary>
public sealed class CreepingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Stopwatch elapsed = Stopwatch.StartNew();
    private long movedTicks;

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(Interlocked.Read(ref movedTicks) + (elapsed.Elapsed.Ticks / 1000));

    public void Advance(TimeSpan by) => Interlocked.Add(ref movedTicks, by.Ticks);
}
