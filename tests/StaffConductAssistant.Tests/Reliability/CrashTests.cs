using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Features.Safeguarding;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;
using Xunit.Abstractions;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Reliability;

/// <summary>
/// Issue 16, item 3, short form (bench/reliability/crash.py runs 20 kills; the same checks): the app as its own process
/// (the dll of this build, local mode, SQLite, letters written to a folder, the development sign-in), a teacher logging
/// emails through the tab API on two connections, SLT proposing and the Headmistress approving at the same time, and the
/// process killed with SIGKILL four times: while concerns are being logged, while an approval is being recorded, while
/// the outbox writes the letter of an approval just answered, and at a seeded moment. Restarted after each kill, then
/// started once more and left to drain. From the database and the letter folder: no acknowledged concern, decision or
/// letter is lost, none is there twice, and no work is still due a minute after the last start.
/// </summary>
public sealed partial class CrashTests(ITestOutputHelper output)
{
    /// <summary>The work a kill can leave claimed or undone; reminders are scheduled days ahead, so they are not "due".</summary>
    private static readonly string[] DueKinds = [CaseCopies.PublishKind, CaseCopies.RefreshKind, ProposeHandler.NotifyKind, CarryOutHandler.LetterKind, DslDelivery.Kind];

    private static readonly TimeSpan PointTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Killed_four_times_while_logging_approving_and_sending_it_loses_and_doubles_nothing_and_drains_within_a_minute()
    {
        var kills = BenchScale.Count("KILLS", 4);
        var random = new Random(16);
        using var run = new CrashRun();
        var points = new List<string>();
        var total = Stopwatch.StartNew();
        try
        {
            for (var round = 0; round < kills; round++)
            {
                await using var app = await AppProcess.StartAsync(run.Settings, run.Work);
                var point = (Point)(round % 4);
                using var stop = new CancellationTokenSource();
                var before = run.Snapshot();
                var workers = run.Drive(app.BaseAddress, stop.Token);

                // Each point waits for the work it names, so the kill lands inside it on a fast or a loaded machine; a
                // point not reached in 45 s (a very slow machine) is killed anyway and said so (nothing below needs it).
                var reached = point switch
                {
                    Point.Logging => await CrashRun.WaitAsync(() => run.Logged.Count >= before.Logged + 3, PointTimeout),
                    Point.Approving => await CrashRun.WaitAsync(() => run.ApprovalsSent > before.ApprovalsSent, PointTimeout),
                    Point.Sending => await CrashRun.WaitAsync(() => run.Approved.Count > before.Approved, PointTimeout),
                    _ => await DelayAsync(TimeSpan.FromMilliseconds(random.Next(1000, 4000))),
                };
                await Task.Delay(random.Next(0, point == Point.Logging ? 300 : 60));
                app.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(workers);
                points.Add($"{point}{(reached ? string.Empty : " (not reached in 45 s)")} after {app.StartedIn.TotalSeconds:0.0} s start");
            }

            // The last start: no clients, only the outbox finishing what the kills left (claims of a killed process end
            // with their 30 s lease).
            TimeSpan drained;
            int due;
            await using (var app = await AppProcess.StartAsync(run.Settings, run.Work))
            {
                var since = Stopwatch.StartNew();
                while ((due = await run.DueAsync()) > 0 && since.Elapsed < TimeSpan.FromMinutes(1))
                {
                    await Task.Delay(500);
                }

                drained = since.Elapsed;
                app.Kill();
            }

            var found = await run.CheckAsync();
            var report = $"crash (short form): {kills} kills ({string.Join("; ", points)}); acknowledged {run.Logged.Count} concerns ({found.Concerns} in the database), "
                + $"{run.Approved.Count} approvals answered, {found.Decisions} decisions, {found.Letters} letters; outbox drained {drained.TotalSeconds:0.0} s after the last start; "
                + $"requests cut off by the kills {run.CutOff}; {total.Elapsed.TotalSeconds:0} s in all";
            output.WriteLine(report);
            BenchScale.Report(report);

            Assert.True(found.Failures.Count == 0, string.Join("\n", found.Failures.Take(30)) + "\n" + report);
            Assert.True(due == 0, $"{due} outbox messages still due a minute after the last start. {report}");

            // Not a run that checked nothing: concerns were logged and at least one case went through to its letter.
            Assert.True(run.Logged.Count >= 3 && !run.Approved.IsEmpty && found.Letters >= 1, "The run did too little to check anything. " + report);
        }
        catch
        {
            output.WriteLine($"The app's work folder (database, letters, app.log) is kept: {run.Work}");
            run.Keep = true;
            throw;
        }
    }

    private enum Point
    {
        Logging,
        Approving,
        Sending,
        Seeded,
    }

    private static async Task<bool> DelayAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        return true;
    }

    /// <summary>What a kill round drives and what the app acknowledged; the database is checked against it at the end.</summary>
    private sealed class CrashRun : IDisposable
    {
        private static readonly string Sample = File.ReadAllText(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml"), Encoding.Latin1);

        private int nextEmail;
        private int approvalsSent;
        private int cutOff;

        public CrashRun()
        {
            Settings = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={DatabaseFile}",
                ["Letters__OutboxFolder"] = LetterFolder,
                ["Outbox__PollInterval"] = "00:00:00.200",

                // Two people pressing as fast as a program can: the crash is the point, not the per-person limits.
                ["RateLimits__DraftUploadsPerMinute"] = "10000",
                ["RateLimits__InvokesPerMinute"] = "10000",
            };
        }

        public string Work { get; } = Directory.CreateTempSubdirectory("sca-crash-").FullName;

        public bool Keep { get; set; }

        public IReadOnlyDictionary<string, string> Settings { get; }

        /// <summary>Email number → the concern id the app answered 201 with.</summary>
        public ConcurrentDictionary<int, int> Logged { get; } = new();

        /// <summary>Cases the app answered "approved" for (200, not a problem).</summary>
        public ConcurrentDictionary<int, bool> Approved { get; } = new();

        public int ApprovalsSent => Volatile.Read(ref approvalsSent);

        public int CutOff => Volatile.Read(ref cutOff);

        private string DatabaseFile => Path.Combine(Work, "crash.db");

        private string LetterFolder => Path.Combine(Work, "outbox");

        public (int Logged, int ApprovalsSent, int Approved) Snapshot() => (Logged.Count, ApprovalsSent, Approved.Count);

        public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.Elapsed > timeout)
                {
                    return false;
                }

                await Task.Delay(10);
            }

            return true;
        }

        /// <summary>Two loggers, SLT proposing and the Headmistress approving, until <paramref name="stop"/> (the kill).</summary>
        public Task[] Drive(Uri baseAddress, CancellationToken stop)
        {
            Task Worker(string userId, int seed, Func<HttpClient, Random, Task> step) => Task.Run(async () =>
            {
                using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
                http.DefaultRequestHeaders.Add("Cookie", TabAuthentication.DevCookie + "=" + userId);
                var random = new Random(seed);
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await step(http, random);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException)
                    {
                        // The kill: a request cut off is neither acknowledged nor counted.
                        Interlocked.Increment(ref cutOff);
                        await Task.Delay(100, CancellationToken.None);
                    }
                }
            }, CancellationToken.None);

            return
            [
                Worker(People.Teacher, 1, (http, _) => LogOneAsync(http)),
                Worker(People.Teacher, 2, (http, _) => LogOneAsync(http)),
                Worker(People.Slt, 3, (http, random) => StepAsync(http, random, "Propose")),
                Worker(People.Headmistress, 4, (http, random) => StepAsync(http, random, "Approve")),
            ];
        }

        /// <summary>How many outbox messages of the kinds a kill can leave undone are not finished.</summary>
        public async Task<int> DueAsync()
        {
            await using var db = Open();
            return await db.Outbox.AsNoTracking().CountAsync(m => m.CompletedAt == null && DueKinds.Contains(m.Kind));
        }

        /// <summary>crash.py's checks, from the database and the letter folder.</summary>
        public async Task<(List<string> Failures, int Concerns, int Decisions, int Letters)> CheckAsync()
        {
            var failures = new List<string>();
            await using var db = Open();
            var concerns = await db.Concerns.AsNoTracking().Select(c => new { c.Id, c.EmailMessageId, Decided = c.DecidedByUserId != null }).ToListAsync();
            var ids = concerns.Select(c => c.Id).ToHashSet();
            failures.AddRange(Logged.Where(l => !ids.Contains(l.Value)).Select(l => $"concern {l.Value} (email {l.Key}) was acknowledged but is gone"));
            failures.AddRange(concerns.GroupBy(c => c.EmailMessageId).Where(g => g.Count() > 1).Select(g => $"email {g.Key} logged {g.Count()} times: {string.Join(", ", g.Select(c => c.Id))}"));
            failures.AddRange(Logged.GroupBy(l => l.Value).Where(g => g.Count() > 1).Select(g => $"concern {g.Key} was answered for {g.Count()} emails"));

            string[] actions = [nameof(CaseAction.Log), nameof(CaseAction.Approve), AuditActions.LetterWritten];
            var audit = (await db.AuditEntries.AsNoTracking().Where(a => actions.Contains(a.Action)).Select(a => new { a.Action, a.Subject }).ToListAsync())
                .GroupBy(a => (a.Action, a.Subject)).ToDictionary(g => g.Key, g => g.Count());
            int Count(string action, int id) => audit.GetValueOrDefault((action, AuditSubjects.Case(id)));
            var carded = (await db.Outbox.AsNoTracking().Where(m => m.Kind == CaseCopies.PublishKind).Select(m => m.CaseId).ToListAsync()).ToHashSet();
            var decided = concerns.Where(c => c.Decided).Select(c => c.Id).ToHashSet();
            foreach (var id in ids.Order())
            {
                if (Count(nameof(CaseAction.Log), id) != 1)
                {
                    failures.Add($"concern {id} has {Count(nameof(CaseAction.Log), id)} Log audit entries");
                }

                if (!carded.Contains(id))
                {
                    failures.Add($"concern {id} has no card job for SLT");
                }

                if (Count(nameof(CaseAction.Approve), id) > 1)
                {
                    failures.Add($"case {id} has {Count(nameof(CaseAction.Approve), id)} Approve entries");
                }

                if (decided.Contains(id) != (Count(nameof(CaseAction.Approve), id) == 1))
                {
                    failures.Add($"case {id}: decided {decided.Contains(id)}, but {Count(nameof(CaseAction.Approve), id)} Approve entries");
                }

                var written = Count(AuditActions.LetterWritten, id);
                if (decided.Contains(id) ? written != 1 : written != 0)
                {
                    failures.Add($"case {id} ({(decided.Contains(id) ? "approved" : "not approved")}) wrote its letter {written} times");
                }
            }

            failures.AddRange(Approved.Keys.Where(c => !decided.Contains(c)).Select(c => $"case {c} was answered Approved but has no decision"));
            var files = Directory.Exists(LetterFolder) ? Directory.GetFiles(LetterFolder, "*.eml") : [];
            var perCase = files.GroupBy(f => LetterCase().Match(Path.GetFileName(f)) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1).ToDictionary(g => g.Key, g => g.Count());
            failures.AddRange(perCase.Where(p => p.Value > 1 || !decided.Contains(p.Key)).Select(p => $"{p.Value} letter files for case {p.Key} (approved: {decided.Contains(p.Key)})"));
            failures.AddRange(decided.Where(c => !perCase.ContainsKey(c)).Select(c => $"case {c} was approved but no letter file is in the folder"));
            return (failures, concerns.Count, decided.Count, files.Length);
        }

        public void Dispose()
        {
            if (!Keep)
            {
                try
                {
                    Directory.Delete(Work, recursive: true);
                }
                catch (IOException)
                {
                    // The temp folder is harmless.
                }
            }
        }

        private SqliteAppDbContext Open() =>
            new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={DatabaseFile}").AddInterceptors(SqliteBusyTimeout.Instance).Options);

        /// <summary>One sample email (a new Message-ID each time, so a new email), read as a draft and logged as the tab does.</summary>
        private async Task LogOneAsync(HttpClient http)
        {
            var n = Interlocked.Increment(ref nextEmail);
            var email = MessageId().Replace(Sample, $"Message-ID: <crash-{n.ToString(CultureInfo.InvariantCulture)}@bench.example>", 1);
            using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(email));
            content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
            using var drafted = await http.PostAsync(new Uri("api/email-drafts", UriKind.Relative), content);
            if (drafted.StatusCode != HttpStatusCode.OK)
            {
                return;
            }

            var draft = (await drafted.Content.ReadFromJsonAsync<JsonObject>())!;
            var form = new JsonObject
            {
                ["draftId"] = draft["draftId"]!.GetValue<string>(),
                ["group"] = draft["group"]?.GetValue<string>() ?? "Year 4",
                ["postedBy"] = (draft["postedBy"]?.GetValue<string>() ?? "Dan Price").Split(" and ")[0],
                ["quote"] = draft["quote"]?.GetValue<string>() ?? "useless",
                ["conduct"] = draft["conduct"]?.DeepClone() ?? new JsonArray("abusive-personal-comments"),
                ["reporterName"] = draft["reporter"]?["name"]?.GetValue<string>() ?? "Hannah Okafor",
                ["childAtRisk"] = false,
            };
            using var logged = await http.PostAsJsonAsync(new Uri("api/concerns", UriKind.Relative), form);
            if (logged.StatusCode == HttpStatusCode.Created)
            {
                Logged[n] = (await logged.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
            }
        }

        /// <summary>Looks at up to five logged cases and takes the first step <paramref name="allowed"/> on one, from its case page.</summary>
        private async Task StepAsync(HttpClient http, Random random, string allowed)
        {
            var cases = Logged.Values.ToArray();
            random.Shuffle(cases);
            foreach (var id in cases.Take(5))
            {
                using var opened = await http.GetAsync(new Uri($"api/tab/concerns/{id}", UriKind.Relative));
                var page = opened.StatusCode == HttpStatusCode.OK ? await opened.Content.ReadFromJsonAsync<JsonObject>() : null;
                if (page?["allowed"] is not JsonArray can || !can.Any(a => a?.GetValue<string>() == allowed))
                {
                    continue;
                }

                var data = new JsonObject { ["version"] = page["version"]!.GetValue<int>() };
                if (allowed == "Propose")
                {
                    data = ProposeData(data);
                }
                else
                {
                    data["proposalVersion"] = page["proposalVersion"]!.GetValue<int>();
                    Interlocked.Increment(ref approvalsSent);
                }

                using var answer = await http.PostAsJsonAsync(new Uri($"api/tab/concerns/{id}/actions", UriKind.Relative), new JsonObject { ["verb"] = allowed == "Propose" ? "propose" : "approve", ["data"] = data });
                if (allowed == "Approve" && answer.StatusCode == HttpStatusCode.OK && (await answer.Content.ReadFromJsonAsync<JsonObject>())?["problem"]?.GetValue<bool>() == false)
                {
                    Approved[id] = true;
                }

                return;
            }

            await Task.Delay(50); // nothing to do yet
        }
    }

    /// <summary>
    /// The app as its own OS process, so it can be killed for real: this build's StaffConductAssistant.dll, run from the
    /// project folder (its content root: appsettings*.json and wwwroot/tab), in Development without Bot:AppId (local mode:
    /// loopback only, the development sign-in), on a port the app picks and prints.
    /// </summary>
    private sealed partial class AppProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StreamWriter log;

        private AppProcess(Process process, StreamWriter log)
        {
            this.process = process;
            this.log = log;
        }

        public Uri BaseAddress { get; private set; } = null!;

        public TimeSpan StartedIn { get; private set; }

        public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string work)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.Combine(TestPaths.RepositoryRoot, "src", "StaffConductAssistant"),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(typeof(Program).Assembly.Location);

            // The test host runs inside VSTest (and MSBuild): the app must start as a person's shell would start it.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["DOTNET_ENVIRONMENT"] = "Development";
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }

            var log = new StreamWriter(Path.Combine(work, "app.log"), append: true) { AutoFlush = true };
            var watch = Stopwatch.StartNew();
            var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), log);
            app.process.OutputDataReceived += (_, e) => app.Line(e.Data);
            app.process.ErrorDataReceived += (_, e) => app.Line(e.Data);
            app.process.BeginOutputReadLine();
            app.process.BeginErrorReadLine();
            try
            {
                try
                {
                    app.BaseAddress = await app.listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException("The app printed no \"Now listening on\" in 2 minutes; see " + Path.Combine(work, "app.log"));
                }

                using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
                while (true)
                {
                    try
                    {
                        if ((await http.GetAsync(new Uri("healthz", UriKind.Relative))).IsSuccessStatusCode)
                        {
                            break;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // Not serving yet.
                    }

                    if (watch.Elapsed > TimeSpan.FromMinutes(2))
                    {
                        throw new TimeoutException("The app did not answer /healthz in 2 minutes; see " + Path.Combine(work, "app.log"));
                    }

                    await Task.Delay(100);
                }

                app.StartedIn = watch.Elapsed;
                return app;
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux): no shutdown, no flush, nothing finished.</summary>
        public void Kill()
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                Kill();
            }
            catch (InvalidOperationException)
            {
                // It had already gone.
            }

            process.WaitForExit(); // the last output lines, before the log is closed
            process.Dispose();
            lock (log)
            {
                log.Dispose();
            }

            await Task.CompletedTask;
        }

        private void Line(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                if (log.BaseStream.CanWrite)
                {
                    log.WriteLine(line);
                }
            }

            if (Listening().Match(line) is { Success: true } m)
            {
                listening.TrySetResult(new Uri(m.Groups[1].Value + "/"));
            }
            else if (line.StartsWith("Unhandled exception", StringComparison.Ordinal))
            {
                listening.TrySetException(new InvalidOperationException("The app stopped at start: " + line));
            }
        }

        [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
        private static partial Regex Listening();
    }

    [GeneratedRegex(@"^Message-ID: <[^>]*>", RegexOptions.Multiline)]
    private static partial Regex MessageId();

    [GeneratedRegex(@"^case-(\d+)-")]
    private static partial Regex LetterCase();
}
