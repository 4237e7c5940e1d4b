// The load loop, the request and token builders, and /proc readers of bench/bot.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

static class Bench
{
    /// <summary>
    /// N workers on one HttpClient (at most N keep-alive HTTP/1.1 connections). <paramref name="next"/> gives each request,
    /// or null when there is nothing left (the approve pool): the cell then ends early and requests/s is over the time used.
    /// </summary>
    public static async Task<Row> RunAsync(string name, Target target, int concurrency, Func<HttpRequestMessage?> next, TimeSpan warmup, TimeSpan duration, long maxRequestsPerWorker)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var warmEnd = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = warmEnd + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long lastMeasured = warmEnd;

        async Task<(List<long> Latencies, Dictionary<int, long> Statuses, long Errors, long Count)> Worker()
        {
            var latencies = new List<long>(1 << 16);
            var statuses = new Dictionary<int, long>();
            long errors = 0;
            long count = 0;
            var buffer = new byte[64 * 1024];
            while (count < maxRequestsPerWorker)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= end || next() is not { } request)
                {
                    break;
                }

                var measured = start >= warmEnd;
                try
                {
                    using (request)
                    using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
                    {
                        await using var stream = await response.Content.ReadAsStreamAsync();
                        while (await stream.ReadAsync(buffer) > 0)
                        {
                        }

                        var done = Stopwatch.GetTimestamp();
                        if (measured)
                        {
                            latencies.Add(done - start);
                            var s = (int)response.StatusCode;
                            statuses[s] = statuses.GetValueOrDefault(s) + 1;
                            InterlockedMax(ref lastMeasured, done);
                        }
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

        var tasks = Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)).ToArray();
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
        var measuredSeconds = Math.Max(1e-3, Math.Min(end, lastMeasured) - warmEnd) / (double)Stopwatch.Frequency;
        return new Row
        {
            Path = name,
            Target = target.Name,
            Concurrency = concurrency,
            Rps = (all.Length + errorsAll) / measuredSeconds,
            MeasuredSeconds = measuredSeconds,
            P50Ms = Pct(0.50),
            P99Ms = Pct(0.99),
            Errors = errorsAll,
            TotalRequests = results.Sum(r => r.Count),
            StatusText = string.Join(" ", statusesAll.Select(kv => $"{kv.Key}×{kv.Value}")),
        };
    }

    static void InterlockedMax(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public static HttpRequestMessage Post(string url, byte[] body, string? token)
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

    public static HttpRequestMessage Get(string url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return request;
    }

    public static string Jwt(RSA key, string kid, IReadOnlyDictionary<string, object> claims)
    {
        var header = B64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid }));
        var payload = B64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signingInput = header + "." + payload;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + B64Url(signature);
    }

    public static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    // utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux).
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    // Busy time of the whole machine (all CPUs), from the first line of /proc/stat: all but idle and iowait.
    public static double MachineBusySeconds()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        return (f.Take(8).Sum() - f[3] - f[4]) / 100.0;
    }

    /// <summary>The largest resident mappings: anonymous memory (GC heap, native), JIT code (memfd:doublemapper), each file.</summary>
    public static string RssByMapping(int pid, int top = 8)
    {
        var kb = new Dictionary<string, long>();
        var name = "[anon]";
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && parts[0].Contains('-') && !parts[0].EndsWith(':'))
            {
                name = parts.Length >= 6 ? Path.GetFileName(parts[5]) : "[anon]";
                if (name.Length == 0) name = parts[5];
            }
            else if (parts.Length >= 2 && parts[0] == "Rss:")
            {
                kb[name] = kb.GetValueOrDefault(name) + long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        var total = kb.Values.Sum();
        return $"total {total / 1024.0:F0}: " + string.Join(", ", kb.OrderByDescending(k => k.Value).Take(top).Select(k => $"{k.Key} {k.Value / 1024.0:F0}"));
    }

    public static long ReadStatusKb(int pid, string field)
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
    public double PeakRssMb { get; set; }
    public string Database { get; set; } = "";
}

sealed class Row
{
    public string Path { get; init; } = "";
    public string Target { get; init; } = "";
    public int Concurrency { get; init; }
    public double Rps { get; init; }
    public double MeasuredSeconds { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public long Errors { get; init; }
    public string StatusText { get; init; } = "";
    public double PeakRssMb { get; set; }
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
    public int[] OtherConcurrency { get; private set; } = [1, 16];
    public int Concerns { get; private set; } = 5_000;
    public int ApprovePool { get; private set; } = 2_000;
    public TimeSpan ApproveDuration { get; private set; } = TimeSpan.FromSeconds(3);
    public long MaxRequestsPerWorker { get; private set; } = 2_000_000;
    public bool SkipSmall { get; private set; }
    public string? SeedFrom { get; private set; }
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
                case "--duration": o.Duration = Seconds(v); i++; break;
                case "--prewarm": o.Prewarm = Seconds(v); i++; break;
                case "--warmup": o.Warmup = Seconds(v); i++; break;
                case "--approve-duration": o.ApproveDuration = Seconds(v); i++; break;
                case "--concurrency": o.Concurrency = Ints(v); i++; break;
                case "--other-concurrency": o.OtherConcurrency = Ints(v); i++; break;
                case "--concerns": o.Concerns = int.Parse(v, CultureInfo.InvariantCulture); i++; break;
                case "--approve-pool": o.ApprovePool = int.Parse(v, CultureInfo.InvariantCulture); i++; break;
                case "--skip-small": o.SkipSmall = true; break;
                case "--seed-from": o.SeedFrom = Path.GetFullPath(v); i++; break;
                case "--app-env": var kv = v.Split('=', 2); o.ExtraAppEnv.Add((kv[0], kv[1])); i++; break;
                default: throw new ArgumentException("unknown argument " + args[i]);
            }
        }

        if (o.AppDir.Length == 0 || o.SdkDir.Length == 0)
        {
            throw new ArgumentException("usage: BotLoad --app <published app dir> --sdk <sdk-bot dir> [--work dir] [--duration s] [--warmup s] [--prewarm s] " +
                                        "[--concurrency 1,16,64] [--other-concurrency 1,16] [--concerns 5000] [--approve-pool 2000] [--approve-duration s] [--skip-small] [--app-env K=V]");
        }

        return o;
    }

    static TimeSpan Seconds(string v) => TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture));

    static int[] Ints(string v) => v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
