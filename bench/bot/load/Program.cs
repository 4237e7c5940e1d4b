// bench/bot load generator and orchestrator. Loopback only. Steps (README.md says why each is so):
// 1. Stand-ins: OpenID metadata + JWKS for the Bot Framework and for Entra (one RSA key endorsed for "msteams"), and
//    the Graph calls the measured paths make. One bot token, one tab token for an SLT member.
// 2. Seeds a database through the app's EF model: 5,000 concerns about 200 parents, with proposals, decisions,
//    actions, evidence and trails; a pool of them waits for the Headmistress's decision.
// 3. Run "1 concern": our app on a fresh file (it applies the migrations), one real case added, refreshCase measured.
// 4. Run "5,000 concerns": our app on the seeded file (migrations checked, none pending) and the botbuilder SDK bot;
//    both must refuse bad tokens; then refreshCase side by side with the SDK bot, approve (a fresh proposal each
//    time), the message action's fetchTask (Graph stand-in) and the tab's list API.
// Prints and writes results.md: requests/s, p50/p99, server CPU per request, peak RSS, start → first answer.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

var opt = Options.Parse(args);
const string ServiceUrl = "https://smba.trafficmanager.net/teams/";
const string KeyId = "bench-msteams";
const string TenantId = "00000000-0000-0000-0000-0000000000aa";
var appId = Guid.NewGuid().ToString();
var inv = CultureInfo.InvariantCulture;
var work = Directory.CreateDirectory(Path.Combine(opt.WorkDir, "run-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", inv))).FullName;

// ---- 1. Stand-ins and tokens ----
using var rsa = RSA.Create(2048);
using var rogue = RSA.Create(2048);
var jwks = JsonSerializer.Serialize(new
{
    keys = new[]
    {
        new
        {
            kty = "RSA", use = "sig", kid = KeyId,
            n = Bench.B64Url(rsa.ExportParameters(false).Modulus!), e = Bench.B64Url(rsa.ExportParameters(false).Exponent!),
            endorsements = new[] { "msteams" },
        },
    },
});
var eml = Encoding.UTF8.GetBytes(Seed.Email("A worried parent", "Year 4", 1));
var memberships = new Dictionary<string, string[]>
{
    [Seed.SltId] = [Seed.StaffGroupId, Seed.SltGroupId],
    [Seed.HeadmistressId] = [Seed.StaffGroupId],
    [Seed.TeacherId] = [Seed.StaffGroupId],
};
await using var stand = await StandIns.StartAsync(Bench.FreePort(), jwks, eml, memberships);

var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
Dictionary<string, object> BotClaims(string aud) => new() { ["iss"] = StandIns.BotIssuer, ["aud"] = aud, ["serviceurl"] = ServiceUrl, ["nbf"] = now - 60, ["iat"] = now - 60, ["exp"] = now + 4 * 3600 };
var token = Bench.Jwt(rsa, KeyId, BotClaims(appId));
var badSignature = Bench.Jwt(rogue, KeyId, BotClaims(appId));
var badAudience = Bench.Jwt(rsa, KeyId, BotClaims(Guid.NewGuid().ToString()));

// The tab's Teams SSO token for the SLT member, as Entra issues it (v2: audience = the app's client id).
var tabToken = Bench.Jwt(rsa, KeyId, new Dictionary<string, object>
{
    ["iss"] = $"https://login.microsoftonline.com/{TenantId}/v2.0", ["aud"] = appId, ["nbf"] = now - 60, ["iat"] = now - 60, ["exp"] = now + 4 * 3600,
    ["oid"] = Seed.SltId, ["tid"] = TenantId, ["scp"] = "access_as_user", ["name"] = "Sam Senior", ["preferred_username"] = "s.senior@stjohnspriory.example", ["ver"] = "2.0",
});

// ---- Activities, as Teams sends them ----
byte[] Activity(string userId, string name, object value, string conversationType, string conversationId, Action<JsonObject>? configure = null)
{
    var a = new JsonObject
    {
        ["type"] = "invoke",
        ["name"] = name,
        ["id"] = "f:bench-" + Guid.NewGuid().ToString("N")[..12],
        ["timestamp"] = "2026-12-02T09:00:00.000Z",
        ["channelId"] = "msteams",
        ["serviceUrl"] = ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "29:" + userId, ["name"] = "Bench User", ["aadObjectId"] = userId },
        ["recipient"] = new JsonObject { ["id"] = "28:" + appId, ["name"] = "Staff Conduct Assistant" },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = conversationType, ["tenantId"] = TenantId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        ["locale"] = "en-GB",
        ["value"] = JsonSerializer.SerializeToNode(value),
    };
    configure?.Invoke(a);
    return Encoding.UTF8.GetBytes(a.ToJsonString());
}

byte[] Execute(string userId, string verb, object data) => Activity(userId, "adaptiveCard/action",
    new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" }, "personal", "a:bench-personal-" + userId[^2..]);

var refresh = Execute(Seed.SltId, "refreshCase", new { caseId = 1 });
var fetchTask = Activity(Seed.TeacherId, "composeExtension/fetchTask", new
{
    commandId = "logConcern",
    commandContext = "message",
    context = new { theme = "default" },
    messagePayload = new
    {
        id = StandIns.MessageId,
        body = new { contentType = "html", content = "<p>Dear Mrs Jenkin, I am writing because of messages posted last night in the Year 4 class WhatsApp group…</p>" },
        linkToMessage = $"https://teams.microsoft.com/l/message/{StandIns.ChannelId}/{StandIns.MessageId}",
    },
}, "channel", StandIns.ChannelId + ";messageid=" + StandIns.MessageId, a =>
{
    a["channelData"]!["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2", ["aadGroupId"] = StandIns.TeamGroupId };
    a["channelData"]!["channel"] = new JsonObject { ["id"] = StandIns.ChannelId };
});

// ---- 2. The seeded database ----
var machine = Machine();
Console.WriteLine("Machine: " + machine);
var seededDb = Path.Combine(work, "seeded.db");
var seedClock = Stopwatch.StartNew();
List<int> pool;
if (opt.SeedFrom is { } pristine)
{
    // Experiments only: a copy of a database an earlier run seeded (the final figures come from a freshly seeded one).
    File.Copy(pristine, seededDb);
    pool = await Seed.PoolAsync(seededDb);
}
else
{
    await Seed.MigrateAsync(seededDb);
    pool = await Seed.SeedAsync(seededDb, opt.Concerns, opt.ApprovePool, DateTimeOffset.UtcNow);
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    File.Copy(seededDb, Path.Combine(work, "seeded-pristine.db"));
}

seedClock.Stop();
Console.WriteLine($"Seeded {(opt.SeedFrom is null ? "" : "(copied) ")}{opt.Concerns} concerns ({pool.Count} waiting for a decision) in {seedClock.Elapsed.TotalSeconds:F1} s: {seededDb} ({new FileInfo(seededDb).Length / 1048576.0:F1} MB)");
var issuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
var approves = pool.Select(id => Execute(Seed.HeadmistressId, "approve", new { caseId = id, version = 1, proposalVersion = 1, issuedAt })).ToArray();

// ---- Servers ----
using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromMilliseconds(500) }) { Timeout = TimeSpan.FromSeconds(30) };
var processes = new List<Process>();
var rows = new List<Row>();
var starts = new List<Target>();
var checks = new List<string>();

ProcessStartInfo Ours(int port, string db)
{
    var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = opt.AppDir };
    psi.ArgumentList.Add(Path.Combine(opt.AppDir, "StaffConductAssistant.dll"));
    psi.ArgumentList.Add("--urls");
    psi.ArgumentList.Add($"http://127.0.0.1:{port}");
    var env = psi.Environment;
    env["ASPNETCORE_ENVIRONMENT"] = "Production";
    env["DOTNET_ENVIRONMENT"] = "Production";
    env["Bot__AppId"] = appId;
    env["Bot__TenantId"] = TenantId;
    env["Bot__OpenIdMetadataUrl"] = stand.BotMetadataUrl;
    env["TabAuth__MetadataUrl"] = stand.EntraMetadataUrl(TenantId);
    env["Graph__BaseUrl"] = stand.GraphBaseUrl;
    env["Graph__TenantId"] = TenantId;
    env["Graph__ClientId"] = appId;
    env["Roles__SltGroupId"] = Seed.SltGroupId;
    env["Roles__StaffGroupId"] = Seed.StaffGroupId;
    env["Roles__HeadmistressUserId"] = Seed.HeadmistressId;
    env["Letters__SenderMailbox"] = "office@stjohnspriory.example";
    env["Database__ConnectionString"] = Seed.ConnectionString(db);
    env["App__PublicBaseUrl"] = "https://bench.example/";
    env["RateLimits__InvokesPerMinute"] = "10000"; // a bench presses far faster than a person: measure the app, not its limit
    foreach (var (k, v) in opt.ExtraAppEnv)
    {
        env[k] = v;
    }

    return psi;
}

async Task StartAsync(Target target, ProcessStartInfo psi, string log)
{
    // The server's output goes straight to a file (sh exec keeps the pid), so the load generator never reads its logs.
    var shell = new ProcessStartInfo("/bin/sh") { WorkingDirectory = psi.WorkingDirectory, UseShellExecute = false };
    shell.ArgumentList.Add("-c");
    shell.ArgumentList.Add("exec \"$0\" \"$@\" >\"$BENCH_LOG\" 2>&1");
    shell.ArgumentList.Add(psi.FileName);
    foreach (var a in psi.ArgumentList)
    {
        shell.ArgumentList.Add(a);
    }

    foreach (var (k, v) in psi.Environment)
    {
        shell.Environment[k] = v;
    }

    shell.Environment["BENCH_LOG"] = Path.Combine(work, log);
    var sw = Stopwatch.StartNew();
    var p = Process.Start(shell)!;
    processes.Add(p);
    target.Process = p;
    int? status = null;
    while (sw.Elapsed < TimeSpan.FromSeconds(60) && !p.HasExited)
    {
        try
        {
            using var r = await probe.SendAsync(Bench.Post(target.Url, refresh, token));
            status = (int)r.StatusCode;
            if (status is not (401 or 403))
            {
                break;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
        }

        await Task.Delay(2);
    }

    target.StartToFirstAnswer = sw.Elapsed;
    target.FirstStatus = status;
    target.RssAtStartMb = Bench.ReadStatusKb(p.Id, "VmRSS") / 1024.0;
    starts.Add(target);
    Console.WriteLine($"{target.Name} [{target.Database}]: pid {p.Id}, first answer {status?.ToString(inv) ?? "none"} after {sw.Elapsed.TotalMilliseconds:F0} ms (log: {log})");
    if (status is null or 401 or 403)
    {
        throw new InvalidOperationException($"{target.Name} did not answer the signed invoke; see {Path.Combine(work, log)}");
    }
}

var memory = new List<string>();
async Task StopAsync(Target target)
{
    target.PeakRssMb = Bench.ReadStatusKb(target.Process!.Id, "VmHWM") / 1024.0;
    try
    {
        memory.Add($"{target.Name} [{target.Database}] at the end: {Bench.RssByMapping(target.Process.Id)}");
    }
    catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
    {
        memory.Add($"{target.Name}: smaps not read ({e.GetType().Name})");
    }

    target.Process.Kill(entireProcessTree: true);
    await target.Process.WaitForExitAsync();
}

async Task<string> AnswerAsync(Target target, HttpRequestMessage request)
{
    using var r = await probe.SendAsync(request);
    var text = await r.Content.ReadAsStringAsync();
    if (!r.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{target.Name} answered {(int)r.StatusCode} to {request.RequestUri}: {text[..Math.Min(400, text.Length)]}");
    }

    return text;
}

void Expect(string what, string answer, string needle)
{
    File.WriteAllText(Path.Combine(work, "answer-" + new string(what.Select(ch => char.IsLetterOrDigit(ch) ? ch : '-').ToArray()) + ".json"), answer);
    if (!answer.Contains(needle, StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"{what}: the answer does not contain \"{needle}\", so the bench would not measure the real path: {answer[..Math.Min(600, answer.Length)]}");
    }

    checks.Add($"{what}: answer contains \"{needle}\" ({answer.Length:N0} characters)");
}

async Task<Row> MeasureAsync(string path, Target target, int c, Func<HttpRequestMessage?> next, TimeSpan warmup, TimeSpan duration)
{
    var serverCpu0 = Bench.CpuSeconds(target.Process!.Id);
    var selfCpu0 = Bench.CpuSeconds(Environment.ProcessId);
    var machineCpu0 = Bench.MachineBusySeconds();
    var wall = Stopwatch.StartNew();
    var row = await Bench.RunAsync(path, target, c, next, warmup, duration, opt.MaxRequestsPerWorker);
    var seconds = wall.Elapsed.TotalSeconds;
    var serverCpu = Bench.CpuSeconds(target.Process!.Id) - serverCpu0;
    row.ServerCpuPct = 100 * serverCpu / seconds;
    row.LoadCpuPct = 100 * (Bench.CpuSeconds(Environment.ProcessId) - selfCpu0) / seconds;
    row.CpuUsPerRequest = 1e6 * serverCpu / Math.Max(1, row.TotalRequests);
    row.OtherCpuPct = Math.Max(0, 100 * (Bench.MachineBusySeconds() - machineCpu0) / seconds - row.ServerCpuPct - row.LoadCpuPct);
    row.PeakRssMb = Bench.ReadStatusKb(target.Process!.Id, "VmHWM") / 1024.0;
    rows.Add(row);
    Console.WriteLine($"  {row.Path,-28} {row.Target,-34} c={c,-3} {row.Rps,7:F0} req/s  p50 {row.P50Ms,6:F2} ms  p99 {row.P99Ms,6:F2} ms  " +
                      $"{row.StatusText}  errors {row.Errors}  peak RSS {row.PeakRssMb:F1} MB  CPU server {row.ServerCpuPct:F0}% load {row.LoadCpuPct:F0}% other {row.OtherCpuPct:F0}%  {row.CpuUsPerRequest:F0} µs/req");
    return row;
}

Func<HttpRequestMessage?> Repeat(Target t, byte[] body) => () => Bench.Post(t.Url, body, token);

try
{
    // ---- 3. One concern: a fresh file, migrated by the app at start, then the case the bench refreshes ----
    const string Small = "1 concern";
    const string Large = "5,000 concerns";
    if (!opt.SkipSmall)
    {
        var smallDb = Path.Combine(work, "small.db");
        var port = Bench.FreePort();
        var small = new Target("ours (C#, .NET)", $"http://127.0.0.1:{port}/api/messages") { Database = Small + " (fresh file: migrations applied at start)" };
        await StartAsync(small, Ours(port, smallDb), "ours-small.log");
        await Seed.SeedAsync(smallDb, 1, 0, DateTimeOffset.UtcNow);
        Expect("refreshCase, 1 concern", await AnswerAsync(small, Bench.Post(small.Url, refresh, token)), Seed.TargetParent);
        await Bench.RunAsync("prewarm", small, 16, Repeat(small, refresh), TimeSpan.Zero, opt.Prewarm, opt.MaxRequestsPerWorker);
        foreach (var c in opt.Concurrency)
        {
            await MeasureAsync("refreshCase, " + Small, small, c, Repeat(small, refresh), opt.Warmup, opt.Duration);
        }

        await StopAsync(small);
    }

    // ---- 4. 5,000 concerns, side by side with the SDK bot ----
    var ourPort = Bench.FreePort();
    var ours = new Target("ours (C#, .NET)", $"http://127.0.0.1:{ourPort}/api/messages") { Database = Large + " (seeded file: migrations checked, none pending)" };
    await StartAsync(ours, Ours(ourPort, seededDb), "ours.log");

    var sdkPort = Bench.FreePort();
    var sdk = new Target("SDK (botbuilder 4.23.3, Node)", $"http://127.0.0.1:{sdkPort}/api/messages") { Database = "none (a static card)" };
    var sdkStart = new ProcessStartInfo("node") { WorkingDirectory = opt.SdkDir };
    sdkStart.ArgumentList.Add("index.js");
    sdkStart.Environment["PORT"] = sdkPort.ToString(inv);
    sdkStart.Environment["MicrosoftAppId"] = appId;
    sdkStart.Environment["BENCH_OPENID_METADATA_URL"] = stand.BotMetadataUrl;
    sdkStart.Environment["NODE_ENV"] = "production";
    await StartAsync(sdk, sdkStart, "sdk.log");

    // Both must refuse a token signed by an unpublished key, a token for another audience, and no token.
    foreach (var target in new[] { ours, sdk })
    {
        foreach (var (label, t) in new[] { ("wrong signature", badSignature), ("wrong audience", badAudience), ("no token", (string?)null) })
        {
            using var r = await probe.SendAsync(Bench.Post(target.Url, refresh, t));
            var code = (int)r.StatusCode;
            target.Refusals.Add($"{label}: {code}");

            // Ours must say 401. The SDK answers 500 to a bad signature (jsonwebtoken's error is not an
            // AuthenticationError in CloudAdapter.process); what matters for fairness is that it refuses.
            if (code is >= 200 and < 300 || (target == ours && code != 401))
            {
                throw new InvalidOperationException($"{target.Name} answered {code} to a token with {label}: it does not validate.");
            }
        }

        Console.WriteLine($"{target.Name}: refuses bad tokens: {string.Join(", ", target.Refusals)}");
    }

    var tabUrl = $"http://127.0.0.1:{ourPort}/api/tab/concerns";
    using (var noToken = new HttpRequestMessage(HttpMethod.Get, tabUrl))
    using (var r = await probe.SendAsync(noToken))
    {
        if ((int)r.StatusCode != 401)
        {
            throw new InvalidOperationException($"The tab list answered {(int)r.StatusCode} without a token.");
        }
    }

    // The real paths, checked once before they are timed: a card of the case, an approval, the form, a page of the list.
    Expect("refreshCase, 5,000 concerns", await AnswerAsync(ours, Bench.Post(ours.Url, refresh, token)), Seed.TargetParent);
    Expect("approve", await AnswerAsync(ours, Bench.Post(ours.Url, approves[0], token)), "Approved.");
    Expect("fetchTask", await AnswerAsync(ours, Bench.Post(ours.Url, fetchTask, token)), "\"continue\"");
    Expect("fetchTask reads the original email", await AnswerAsync(ours, Bench.Post(ours.Url, fetchTask, token)), "everyone knows it");
    Expect("tab list", await AnswerAsync(ours, Bench.Get(tabUrl, tabToken)), "\"next\":50");
    Expect("SDK refresh", await AnswerAsync(sdk, Bench.Post(sdk.Url, refresh, token)), "Refreshed.");

    Console.WriteLine();
    Console.WriteLine($"Load average before the load: {File.ReadAllText("/proc/loadavg").Trim()}");
    foreach (var target in new[] { ours, sdk })
    {
        await Bench.RunAsync("prewarm", target, 16, Repeat(target, refresh), TimeSpan.Zero, opt.Prewarm, opt.MaxRequestsPerWorker);
    }

    foreach (var c in opt.Concurrency)
    {
        await MeasureAsync("refreshCase, " + Large, ours, c, Repeat(ours, refresh), opt.Warmup, opt.Duration);
        await MeasureAsync("refreshCase (static card)", sdk, c, Repeat(sdk, refresh), opt.Warmup, opt.Duration);
    }

    var nextApprove = 0; // approves[0] was the check above
    Func<HttpRequestMessage?> Approve() => () =>
    {
        var i = Interlocked.Increment(ref nextApprove);
        return i < approves.Length ? Bench.Post(ours.Url, approves[i], token) : null;
    };
    foreach (var c in opt.OtherConcurrency)
    {
        await MeasureAsync("approve (fresh proposal)", ours, c, Approve(), TimeSpan.FromSeconds(0.5), opt.ApproveDuration);
    }

    foreach (var c in opt.OtherConcurrency)
    {
        await MeasureAsync("fetchTask (Graph stand-in)", ours, c, Repeat(ours, fetchTask), opt.Warmup, opt.Duration);
    }

    foreach (var c in opt.OtherConcurrency)
    {
        await MeasureAsync("tab list (GET /api/tab/concerns)", ours, c, () => Bench.Get(tabUrl, tabToken), opt.Warmup, opt.Duration);
    }

    await StopAsync(ours);
    await StopAsync(sdk);

    // ---- Report ----
    var md = new StringBuilder();
    md.AppendLine(inv, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. {machine}.");
    md.AppendLine(inv, $"{opt.Warmup.TotalSeconds:F0} s warm-up + {opt.Duration.TotalSeconds:F0} s measured per cell (approve: 0.5 s + {opt.ApproveDuration.TotalSeconds:F0} s, each on a fresh proposal), " +
                       $"after a {opt.Prewarm.TotalSeconds:F0} s pre-warm per server; JWKS fetched {stand.JwksHits} time(s); letters sent to the Graph stand-in: {stand.SendMails}; " +
                       $"seeded {opt.Concerns:N0} concerns ({pool.Count:N0} waiting for a decision) in {seedClock.Elapsed.TotalSeconds:F0} s.");
    if (!stand.Unexpected.IsEmpty)
    {
        md.AppendLine(inv, $"Graph calls the stand-in did not know (answered 404): {string.Join(", ", stand.Unexpected.Select(kv => $"{kv.Key} ×{kv.Value}"))}.");
    }

    md.AppendLine();
    md.AppendLine("| Path | Server | Connections | Requests/s | p50 (ms) | p99 (ms) | Statuses | Errors | Peak RSS so far (MB) | CPU % server / load gen. / other | Server CPU per request (µs) |");
    md.AppendLine("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
    foreach (var r in rows)
    {
        md.AppendLine(inv, $"| {r.Path} | {r.Target} | {r.Concurrency} | {r.Rps:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.StatusText} | {r.Errors} | {r.PeakRssMb:F1} | {r.ServerCpuPct:F0} / {r.LoadCpuPct:F0} / {r.OtherCpuPct:F0} | {r.CpuUsPerRequest:F0} |");
    }

    md.AppendLine();
    md.AppendLine("| Connections | refreshCase: ours / SDK requests/s | SDK / ours server CPU per request | p50 5,000 concerns / p50 1 concern |");
    md.AppendLine("|---:|---:|---:|---:|");
    foreach (var c in opt.Concurrency)
    {
        var a = rows.First(r => r.Concurrency == c && r.Path == "refreshCase, " + Large);
        var b = rows.First(r => r.Concurrency == c && r.Target == sdk.Name);
        var s = rows.FirstOrDefault(r => r.Concurrency == c && r.Path == "refreshCase, " + Small);
        md.AppendLine(inv, $"| {c} | {a.Rps / b.Rps:F1}× | {b.CpuUsPerRequest / a.CpuUsPerRequest:F1}× | {(s is null ? "—" : (a.P50Ms / s.P50Ms).ToString("F2", inv))} |");
    }

    md.AppendLine();
    md.AppendLine("| Server | Database | Start → first answer (ms) | First status | RSS at first answer (MB) | Peak RSS, whole run (MB) | Bad tokens refused with |");
    md.AppendLine("|---|---|---:|---:|---:|---:|---|");
    foreach (var t in starts)
    {
        md.AppendLine(inv, $"| {t.Name} | {t.Database} | {t.StartToFirstAnswer.TotalMilliseconds:F0} | {t.FirstStatus} | {t.RssAtStartMb:F1} | {t.PeakRssMb:F1} | {string.Join(", ", t.Refusals)} |");
    }

    md.AppendLine();
    md.AppendLine("Resident memory by mapping (from /proc/<pid>/smaps, MB): " + string.Join("; ", memory) + ".");
    md.AppendLine();
    md.AppendLine("Checked before timing: " + string.Join("; ", checks) + ".");
    Console.WriteLine();
    Console.WriteLine(md.ToString());
    var resultPath = Path.Combine(work, "results.md");
    await File.WriteAllTextAsync(resultPath, md.ToString());
    Console.WriteLine($"Results: {resultPath}");
}
finally
{
    foreach (var p in processes)
    {
        if (!p.HasExited)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }
}

return 0;

static string Machine()
{
    var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    var mem = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    var commit = Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "unknown";
    var dotnet = Environment.GetEnvironmentVariable("BENCH_DOTNET_INFO") ?? RuntimeInformation.FrameworkDescription;
    return $"nproc {Environment.ProcessorCount}, {cpu}, {long.Parse(mem, CultureInfo.InvariantCulture) / 1048576} GiB, {RuntimeInformation.OSDescription}; {dotnet}; node {Environment.GetEnvironmentVariable("BENCH_NODE") ?? "?"}; commit {commit}";
}
