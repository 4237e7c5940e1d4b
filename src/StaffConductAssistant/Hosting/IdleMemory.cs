using System.Runtime.InteropServices;

namespace StaffConductAssistant.Hosting;

/// <summary>
/// Gives memory back once the app is quiet after heavy work (issue 16, item 1: the process "returning to its resting size
/// afterwards"). The GC collects only when something allocates, so after a burst of large emails the garbage they left
/// (on the large-object heap, collected only by a full GC) stays resident for as long as the app stays idle, which for a
/// school's app is most of the day; and glibc keeps the blocks SQLite copied a large email into, freed, in its arenas.
/// So: when no request has run for <see cref="QuietFor"/> and at least <see cref="AllocatedBefore"/> has been allocated
/// since the last time, one full blocking GC in aggressive mode (it compacts and decommits what it frees) and then
/// <c>malloc_trim(0)</c>. Never while a request runs, and at most once per burst, so request throughput is not touched;
/// it costs a pause of some tens of milliseconds when nobody is waiting. Measured with bench/reliability/memory.py
/// (figures in bench/README.md).
/// </summary>
public sealed partial class IdleMemory(ILogger<IdleMemory> log) : BackgroundService
{
    /// <summary>How long without a request before memory is given back.</summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Allocated since the last time (all threads) that makes it worth a full GC: a few 20 MB emails, a subject access
    /// export. Ordinary use (cards, tab pages: tens of KB a request) reaches it only over many requests.
    /// </summary>
    public const long AllocatedBefore = 64L * 1024 * 1024;

    private long inFlight;
    private long lastActivity = Environment.TickCount64;
    private long allocatedAtLastTrim = GC.GetTotalAllocatedBytes();
    private bool mallocTrimWorks = OperatingSystem.IsLinux();

    /// <summary>The decision, pure: trim when nothing runs, it has been quiet long enough, and enough was allocated.</summary>
    public static bool ShouldGiveBack(long requestsRunning, TimeSpan quietFor, long allocatedSince) =>
        requestsRunning == 0 && quietFor >= QuietFor && allocatedSince >= AllocatedBefore;

    /// <summary>Counts a request in and out (the middleware in <see cref="IdleMemoryExtensions.UseIdleMemory"/>).</summary>
    public async Task TrackAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref inFlight);
        try
        {
            await next(context);
        }
        finally
        {
            Interlocked.Exchange(ref lastActivity, Environment.TickCount64);
            Interlocked.Decrement(ref inFlight);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var allocatedSince = GC.GetTotalAllocatedBytes() - allocatedAtLastTrim;
            var quiet = TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref lastActivity));
            if (!ShouldGiveBack(Interlocked.Read(ref inFlight), quiet, allocatedSince))
            {
                continue;
            }

            var before = Environment.WorkingSet;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            if (mallocTrimWorks)
            {
                try
                {
                    _ = NativeMethods.malloc_trim(0);
                }
                catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
                {
                    mallocTrimWorks = false; // not glibc (musl has no malloc_trim): the GC's part still applies
                    NoMallocTrim(log);
                }
            }

            allocatedAtLastTrim = GC.GetTotalAllocatedBytes();
            GaveBack(log, before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024), allocatedSince / (1024 * 1024));
        }
    }

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Memory given back while idle: working set {BeforeMb} MB to {AfterMb} MB, after {AllocatedMb} MB allocated")]
    private static partial void GaveBack(ILogger logger, long beforeMb, long afterMb, long allocatedMb);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "malloc_trim is not available (not glibc); only the GC gives memory back while idle")]
    private static partial void NoMallocTrim(ILogger logger);

    /// <summary>
    /// Keeps large native blocks out of glibc's arenas, once at start. glibc raises its mmap threshold (up to 32 MB) each
    /// time a block above it is freed, so after the first large email SQLite's copies of a 20 MB blob are carved from
    /// malloc's arenas instead; freed, they stay resident, because a fragmented arena does not shrink, even with
    /// malloc_trim. Measured with bench/reliability/memory.py (505 emails, 5 of them 20 MB and kept): about 120 MB of
    /// native memory still held after a minute idle, against none with the threshold fixed at 128 KB (glibc's own starting
    /// value, which also turns its raising off). Each block over 128 KB is then its own mapping, returned when freed:
    /// a system call per such block, which this app makes rarely (SQLite with a large email or export).
    /// </summary>
    public static void KeepLargeNativeBlocksApart()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = NativeMethods.mallopt(NativeMethods.M_MMAP_THRESHOLD, 128 * 1024);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (musl returns large blocks to the system itself).
        }
    }

    private static class NativeMethods
    {
        public const int M_MMAP_THRESHOLD = -3;

        /// <summary>glibc: set a malloc parameter; 1 on success.</summary>
        [DllImport("libc.so.6", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Interoperability", "SYSLIB1054", Justification = "LibraryImport needs unsafe code enabled for the whole app; one blittable call does not.")]
        public static extern int mallopt(int param, int value);

        /// <summary>glibc: return free memory at the top of the heap and free whole pages inside every arena to the OS.</summary>
        // glibc's own name: a bare "libc" finds libc.so, which on Debian is a linker script, not a library.
        [DllImport("libc.so.6", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Interoperability", "SYSLIB1054", Justification = "LibraryImport needs unsafe code enabled for the whole app; one blittable call does not.")]
        public static extern int malloc_trim(nuint pad);
    }
}

public static class IdleMemoryExtensions
{
    public static IServiceCollection AddIdleMemory(this IServiceCollection services)
    {
        services.AddSingleton<IdleMemory>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleMemory>());
        return services;
    }

    /// <summary>First in the pipeline, so every request counts as activity, whatever answers it.</summary>
    public static IApplicationBuilder UseIdleMemory(this IApplicationBuilder app)
    {
        var idle = app.ApplicationServices.GetRequiredService<IdleMemory>();
        return app.Use(next => context => idle.TrackAsync(context, next));
    }
}
