using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Tests.Hosting;

/// <summary>
/// When the app gives memory back (issue 16, item 1): only when no request runs, after it has been quiet a while, and
/// after heavy allocation, so a busy app is never paused for it. The memory figures are bench/reliability/memory.py's.
/// </summary>
public class IdleMemoryTests
{
    private static readonly TimeSpan Quiet = IdleMemory.QuietFor;

    [Fact]
    public void Memory_is_given_back_once_quiet_after_heavy_allocation()
    {
        Assert.True(IdleMemory.ShouldGiveBack(requestsRunning: 0, Quiet, IdleMemory.AllocatedBefore));
    }

    [Fact]
    public void Never_while_a_request_runs()
    {
        Assert.False(IdleMemory.ShouldGiveBack(requestsRunning: 1, Quiet * 10, IdleMemory.AllocatedBefore * 10));
    }

    [Fact]
    public void Not_in_a_pause_between_requests()
    {
        Assert.False(IdleMemory.ShouldGiveBack(requestsRunning: 0, Quiet - TimeSpan.FromMilliseconds(1), IdleMemory.AllocatedBefore * 10));
    }

    [Fact]
    public void Not_after_light_use()
    {
        Assert.False(IdleMemory.ShouldGiveBack(requestsRunning: 0, Quiet * 10, IdleMemory.AllocatedBefore - 1));
    }
}
