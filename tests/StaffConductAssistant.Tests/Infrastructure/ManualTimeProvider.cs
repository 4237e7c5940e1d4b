namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (only for components that take a <see cref="TimeProvider"/> directly).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualTimeProvider() : this(DateTimeOffset.UtcNow)
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
