// bench/bot load generator and orchestrator. Loopback only.
//
// 1. Serves OpenID metadata + JWKS (one RSA key endorsed for "msteams") on 127.0.0.1 and mints one RS256 token.
// 2. Starts our app (published, Release, Production) and the botbuilder SDK bot, timing start → first answer.
// 3. Checks both answer 401 to a badly signed token and to a token for another audience.
// 4. For each concurrency, for each server in turn: warm up, then a timed run of signed adaptiveCard/action invokes;
//    prints requests/s, p50/p99 latency, status codes and the server's peak RSS (VmHWM).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

var opt = Options.Parse(args);
const string Issuer = "https://api.botframework.com";
const string ServiceUrl = "https://smba.trafficmanager.net/teams/";
const string KeyId = "bench-msteams";
var appId = Guid.NewGuid().ToString();
var inv = CultureInfo.InvariantCulture;

// ---- 1. OpenID metadata + JWKS on loopback ----
using var rsa = RSA.Create(2048);
using var rogue = RSA.Create(2048);
var metadataPort = FreePort();
var metadataBase = $"http://127.0.0.1:{metadataPort}";
var jwks = JsonSerializer.Serialize(new
{
    keys = new[]
    {
        new
        {
            kty = "RSA", use = "sig", kid = KeyId,
            n = B64Url(rsa.ExportParameters(false).Modulus!), e = B64Url(rsa.ExportParameters(false).Exponent!),
            endorsements = new[] { "msteams" },
        },
    },
});
var metaBuilder = WebApplication.CreateSlimBuilder();
metaBuilder.Logging.ClearProviders();
metaBuilder.WebHost.UseUrls(metadataBase);
var meta = metaBuilder.Build();
var jwksHits = 0;
meta.MapGet("/v1/.well-known/openidconfiguration", () => Results.Content(
    $$"""{"issuer":"{{Issuer}}","jwks_uri":"{{metadataBase}}/v1/.well-known/keys","id_token_signing_alg_values_supported":["RS256"]}""",
    "application/json"));
meta.MapGet("/v1/.well-known/keys", () => { Interlocked.Increment(ref jwksHits); return Results.Content(jwks, "application/json"); });
await meta.StartAsync();
var metadataUrl = metadataBase + "/v1/.well-known/openidconfiguration";

var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
var token = Jwt(rsa, KeyId, Issuer, appId, ServiceUrl, now - 60, now + 4 * 3600);
var badSignature = Jwt(rogue, KeyId, Issuer, appId, ServiceUrl, now - 60, now + 4 * 3600);
var badAudience = Jwt(rsa, KeyId, Issuer, Guid.NewGuid().ToString(), ServiceUrl, now - 60, now + 4 * 3600);

var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["type"] = "invoke",
    ["name"] = "adaptiveCard/action",
    ["id"] = "f:bench-invoke-1",
    ["timestamp"] = "2025-01-01T00:00:00.000Z",
    ["channelId"] = "msteams",
    ["serviceUrl"] = ServiceUrl,
    ["from"] = new { id = "29:bench-user", name = "Bench User", aadObjectId = "00000000-0000-0000-0000-0000000000b1" },
    ["recipient"] = new { id = "28:" + appId, name = "Staff Conduct Assistant" },
    ["conversation"] = new { id = "a:bench-conversation", conversationType = "personal", tenantId = "00000000-0000-0000-0000-0000000000aa" },
    ["channelData"] = new { tenant = new { id = "00000000-0000-0000-0000-0000000000aa" } },
    ["locale"] = "en-GB",
    ["value"] = new
    {
        action = new { type = "Action.Execute", verb = "refreshCase", data = new { caseId = 1 } },
        trigger = "manual",
    },
}));

// ---- 2. Start both servers ----
var work = Directory.CreateDirectory(Path.Combine(opt.WorkDir, "run-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", inv))).FullName;
var ourPort = FreePort();
var ours = new Target("ours (C#, .NET)", $"http://127.0.0.1:{ourPort}/api/messages");
var ourStart = new ProcessStartInfo("dotnet") { WorkingDirectory = opt.AppDir };
ourStart.ArgumentList.Add(Path.Combine(opt.AppDir, "StaffConductAssistant.dll"));
ourStart.ArgumentList.Add("--urls");
ourStart.ArgumentList.Add($"http://127.0.0.1:{ourPort}");
ourStart.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
ourStart.Environment["DOTNET_ENVIRONMENT"] = "Production";
ourStart.Environment["Bot__AppId"] = appId;
ourStart.Environment["Bot__OpenIdMetadataUrl"] = metadataUrl;
ourStart.Environment["Database__ConnectionString"] = $"Data Source={Path.Combine(work, "bench.db")}";
ourStart.Environment["App__PublicBaseUrl"] = "https://bench.example/";
foreach (var (k, v) in opt.ExtraAppEnv)
{
    ourStart.Environment[k] = v;
}

var sdkPort = FreePort();
var sdk = new Target("SDK (botbuilder 4.23.3, Node)", $"http://127.0.0.1:{sdkPort}/api/messages");
var sdkStart = new ProcessStartInfo("node") { WorkingDirectory = opt.SdkDir };
sdkStart.ArgumentList.Add("index.js");
sdkStart.Environment["PORT"] = sdkPort.ToString(inv);
sdkStart.Environment["MicrosoftAppId"] = appId;
sdkStart.Environment["BENCH_OPENID_METADATA_URL"] = metadataUrl;
sdkStart.Environment["NODE_ENV"] = "production";

using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromMilliseconds(500) })
{
    Timeout = TimeSpan.FromSeconds(5),
};
var targets = new[] { ours, sdk };
var processes = new List<Process>();
try
{
    foreach (var (target, psi) in new[] { (ours, ourStart), (sdk, sdkStart) })
    {
        // The server's output goes straight to a file (sh exec keeps the pid), so the load generator never spends
        // CPU reading the server's logs.
        var logPath = Path.Combine(work, (target == ours ? "ours" : "sdk") + ".log");
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

        shell.Environment["BENCH_LOG"] = logPath;
        var sw = Stopwatch.StartNew();
        var p = Process.Start(shell)!;
        processes.Add(p);
        target.Process = p;
        int? status = null;
        while (sw.Elapsed < TimeSpan.FromSeconds(30) && !p.HasExited)
        {
            try
            {
                using var r = await probe.SendAsync(Request(target.Url, body, token));
                status = (int)r.StatusCode;
                if (status is not (401 or 403))
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(2);
        }

        target.StartToFirstAnswer = sw.Elapsed;
        target.FirstStatus = status;
        target.RssAtStartMb = ReadStatusKb(p.Id, "VmRSS") / 1024.0;
        Console.WriteLine($"{target.Name}: pid {p.Id}, first answer {status?.ToString(inv) ?? "none"} after {sw.Elapsed.TotalMilliseconds:F0} ms (log: {logPath})");
        if (status is null or 401 or 403)
        {
            throw new InvalidOperationException($"{target.Name} did not answer the signed invoke; see {logPath}");
        }
    }

    // ---- 3. Both must refuse bad tokens ----
    foreach (var target in targets)
    {
        var results = new List<string>();
        foreach (var (label, t) in new[] { ("wrong signature", badSignature), ("wrong audience", badAudience), ("no token", (string?)null) })
        {
            using var r = await probe.SendAsync(Request(target.Url, body, t));
            var code = (int)r.StatusCode;
            results.Add($"{label} → {code}");
            target.Refusals.Add($"{label}: {code}");

            // Ours must say 401. The SDK answers 500 to a bad signature (jsonwebtoken's error is not an
            // AuthenticationError in CloudAdapter.process); what matters for fairness is that it refuses.
            if (code is >= 200 and < 300 || (target == ours && code != 401))
            {
                throw new InvalidOperationException($"{target.Name} answered {code} to a token with {label}: it does not validate.");
            }
        }

        Console.WriteLine($"{target.Name}: refuses bad tokens: {string.Join(", ", results)}");
    }

    // ---- 4. Load ----
    Console.WriteLine();
    Console.WriteLine($"Load average before the load: {File.ReadAllText("/proc/loadavg").Trim()} (other processes on this machine skew the figures; see 'other' CPU).");
    Console.WriteLine($"Load: signed adaptiveCard/action invokes, {opt.Warmup.TotalSeconds:F0} s warm-up + {opt.Duration.TotalSeconds:F0} s measured per cell, servers interleaved.");
    // One warm-up per server before any cell, so the JITs (RyuJIT's tiers, V8's) have settled before the first figure.
    foreach (var target in targets)
    {
        if (opt.Prewarm > TimeSpan.Zero)
        {
            await RunAsync(target, 16, body, token, opt with { Warmup = TimeSpan.Zero, Duration = opt.Prewarm });
            Console.WriteLine($"  {target.Name}: pre-warmed {opt.Prewarm.TotalSeconds:F0} s at 16 connections");
        }
    }

    var rows = new List<Row>();
    foreach (var c in opt.Concurrency)
    {
        foreach (var target in targets)
        {
            var serverCpu0 = CpuSeconds(target.Process!.Id);
            var selfCpu0 = CpuSeconds(Environment.ProcessId);
            var machineCpu0 = MachineBusySeconds();
            var row = await RunAsync(target, c, body, token, opt);
            var wall = (opt.Warmup + opt.Duration).TotalSeconds;
            row.ServerCpuPct = 100 * (CpuSeconds(target.Process!.Id) - serverCpu0) / wall;
            row.LoadCpuPct = 100 * (CpuSeconds(Environment.ProcessId) - selfCpu0) / wall;
            row.CpuUsPerRequest = 1e6 * (CpuSeconds(target.Process!.Id) - serverCpu0) / Math.Max(1, row.TotalRequests);
            row.OtherCpuPct = Math.Max(0, 100 * (MachineBusySeconds() - machineCpu0) / wall - row.ServerCpuPct - row.LoadCpuPct);
            row.PeakRssMb = ReadStatusKb(target.Process!.Id, "VmHWM") / 1024.0;
            row.RssMb = ReadStatusKb(target.Process!.Id, "VmRSS") / 1024.0;
            rows.Add(row);
            Console.WriteLine($"  {row.Target,-30} c={c,-3} {row.Rps,9:F0} req/s  p50 {row.P50Ms,7:F2} ms  p99 {row.P99Ms,7:F2} ms  " +
                              $"statuses {row.StatusText}  errors {row.Errors}  peak RSS {row.PeakRssMb:F1} MB  CPU server {row.ServerCpuPct:F0}% load {row.LoadCpuPct:F0}% other {row.OtherCpuPct:F0}%  server CPU {row.CpuUsPerRequest:F0} µs/req");
        }
    }

    // ---- Report ----
    var md = new StringBuilder();
    md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {opt.Warmup.TotalSeconds:F0} s warm-up + {opt.Duration.TotalSeconds:F0} s measured per cell (after a {opt.Prewarm.TotalSeconds:F0} s pre-warm per server); JWKS fetched {jwksHits} time(s) in all.");
    md.AppendLine();
    md.AppendLine("| Server | Connections | Requests/s | p50 (ms) | p99 (ms) | Statuses | Errors | Peak RSS so far (MB) | CPU % server / load gen. / other processes | Server CPU per request (µs) |");
    md.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
    foreach (var r in rows)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Target} | {r.Concurrency} | {r.Rps:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.StatusText} | {r.Errors} | {r.PeakRssMb:F1} | {r.ServerCpuPct:F0} / {r.LoadCpuPct:F0} / {r.OtherCpuPct:F0} | {r.CpuUsPerRequest:F0} |");
    }

    md.AppendLine();
    md.AppendLine("| Connections | Ours / SDK requests/s | SDK / ours server CPU per request |");
    md.AppendLine("|---:|---:|---:|");
    foreach (var c in opt.Concurrency)
    {
        var a = rows.First(r => r.Concurrency == c && r.Target == ours.Name);
        var b = rows.First(r => r.Concurrency == c && r.Target == sdk.Name);
        md.AppendLine(CultureInfo.InvariantCulture, $"| {c} | {a.Rps / b.Rps:F1}× | {b.CpuUsPerRequest / a.CpuUsPerRequest:F1}× |");
    }

    md.AppendLine();
    md.AppendLine("| Server | Start → first answer (ms) | First status | RSS at first answer (MB) | Peak RSS over the run (MB) | Bad tokens refused with |");
    md.AppendLine("|---|---:|---:|---:|---:|---|");
    foreach (var t in targets)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.StartToFirstAnswer.TotalMilliseconds:F0} | {t.FirstStatus} | {t.RssAtStartMb:F1} | {ReadStatusKb(t.Process!.Id, "VmHWM") / 1024.0:F1} | {string.Join(", ", t.Refusals)} |");
    }

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

    await meta.StopAsync();
}

return 0;

static async Task<Row> RunAsync(Target target, int concurrency, byte[] body, string token, Options opt)
{
    using var handler = new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    };
    using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

    async Task<(List<long> Latencies, Dictionary<int, long> Statuses, long Errors, long Count)> Worker(DateTime warmEnd, DateTime end, long maxRequests)
    {
        var latencies = new List<long>(1 << 16);
        var statuses = new Dictionary<int, long>();
        long errors = 0;
        long count = 0;
        var buffer = new byte[16 * 1024];
        while (count < maxRequests)
        {
            var nowUtc = DateTime.UtcNow;
            if (nowUtc >= end)
            {
                break;
            }

            var measured = nowUtc >= warmEnd;
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(Request(target.Url, body, token), HttpCompletionOption.ResponseHeadersRead);
                await using var stream = await response.Content.ReadAsStreamAsync();
                while (await stream.ReadAsync(buffer) > 0)
                {
                }

                var elapsed = Stopwatch.GetTimestamp() - start;
                if (measured)
                {
                    latencies.Add(elapsed);
                    var s = (int)response.StatusCode;
                    statuses[s] = statuses.GetValueOrDefault(s) + 1;
                }
            }
            catch (Exception)
            {
                if (measured)
                {
                    errors++;
                }
            }

            count++;
        }

        return (latencies, statuses, errors, count);
    }

    var warmEnd = DateTime.UtcNow + opt.Warmup;
    var end = warmEnd + opt.Duration;
    var measureStart = Stopwatch.GetTimestamp();
    var tasks = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => Worker(warmEnd, end, opt.MaxRequestsPerWorker))).ToArray();
    var results = await Task.WhenAll(tasks);
    var all = results.SelectMany(r => r.Latencies).ToArray();
    Array.Sort(all);
    var statusesAll = new SortedDictionary<int, long>();
    foreach (var r in results)
    {
        foreach (var (s, n) in r.Statuses)
        {
            statusesAll[s] = statusesAll.GetValueOrDefault(s) + n;
        }
    }

    double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    double Pct(double p) => all.Length == 0 ? double.NaN : Ms(all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)]);
    var errorsAll = results.Sum(r => r.Errors);
    return new Row
    {
        Target = target.Name,
        Concurrency = concurrency,
        Rps = (all.Length + errorsAll) / opt.Duration.TotalSeconds,
        P50Ms = Pct(0.50),
        P99Ms = Pct(0.99),
        Errors = errorsAll,
        TotalRequests = results.Sum(r => r.Count),
        StatusText = string.Join(" ", statusesAll.Select(kv => $"{kv.Key}×{kv.Value}")),
    };
}

static HttpRequestMessage Request(string url, byte[] body, string? token)
{
    var request = new HttpRequestMessage(HttpMethod.Post, url)
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = new ByteArrayContent(body),
    };
    request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
    if (token is not null)
    {
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
    }

    return request;
}

static string Jwt(RSA key, string kid, string iss, string aud, string serviceUrl, long nbf, long exp)
{
    var header = B64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid }));
    var payload = B64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["iss"] = iss, ["aud"] = aud, ["serviceurl"] = serviceUrl, ["nbf"] = nbf, ["iat"] = nbf, ["exp"] = exp,
    }));
    var signingInput = header + "." + payload;
    var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    return signingInput + "." + B64Url(signature);
}

static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

// utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux).
static double CpuSeconds(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

// Busy time of the whole machine (all CPUs), from the first line of /proc/stat: all but idle and iowait.
static double MachineBusySeconds()
{
    var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
    return (f.Take(8).Sum() - f[3] - f[4]) / 100.0;
}

static long ReadStatusKb(int pid, string field)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith(field + ":", StringComparison.Ordinal))
        {
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
    }

    return -1;
}

sealed class Target(string name, string url)
{
    public string Name { get; } = name;
    public string Url { get; } = url;
    public Process? Process { get; set; }
    public TimeSpan StartToFirstAnswer { get; set; }
    public int? FirstStatus { get; set; }
    public List<string> Refusals { get; } = [];
    public double RssAtStartMb { get; set; }
}

sealed class Row
{
    public string Target { get; init; } = "";
    public int Concurrency { get; init; }
    public double Rps { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public long Errors { get; init; }
    public string StatusText { get; init; } = "";
    public double PeakRssMb { get; set; }
    public double RssMb { get; set; }
    public double ServerCpuPct { get; set; }
    public double LoadCpuPct { get; set; }
    public double OtherCpuPct { get; set; }
    public long TotalRequests { get; init; }
    public double CpuUsPerRequest { get; set; }
}

sealed record Options
{
    public string AppDir { get; private set; } = "";
    public string SdkDir { get; private set; } = "";
    public string WorkDir { get; private set; } = Path.GetTempPath();
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(3);
    public TimeSpan Prewarm { get; private set; } = TimeSpan.FromSeconds(5);
    public int[] Concurrency { get; private set; } = [1, 16, 64];
    public long MaxRequestsPerWorker { get; private set; } = 2_000_000;
    public List<(string, string)> ExtraAppEnv { get; } = [];

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var v = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--app": o.AppDir = Path.GetFullPath(v); i++; break;
                case "--sdk": o.SdkDir = Path.GetFullPath(v); i++; break;
                case "--work": o.WorkDir = Path.GetFullPath(v); i++; break;
                case "--duration": o.Duration = TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)); i++; break;
                case "--prewarm": o.Prewarm = TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)); i++; break;
                case "--warmup": o.Warmup = TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)); i++; break;
                case "--concurrency": o.Concurrency = v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); i++; break;
                case "--app-env": var kv = v.Split('=', 2); o.ExtraAppEnv.Add((kv[0], kv[1])); i++; break;
                default: throw new ArgumentException("unknown argument " + args[i]);
            }
        }

        if (o.AppDir.Length == 0 || o.SdkDir.Length == 0)
        {
            throw new ArgumentException("usage: BotLoad --app <published app dir> --sdk <sdk-bot dir> [--work dir] [--duration s] [--warmup s] [--prewarm s] [--concurrency 1,16,64] [--app-env K=V]");
        }

        return o;
    }
}
