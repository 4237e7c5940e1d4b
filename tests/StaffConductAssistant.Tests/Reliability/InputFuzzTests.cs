using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Reliability;

/// <summary>
/// Issue 16, item 1 (short form; bench/reliability sends 500 emails and measures time and memory): malformed emails to
/// the draft API and mutated roster CSV files. None may get a 500 or log a concern or change the roster.
/// </summary>
public sealed class InputFuzzTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    // One teacher sends every email: the per-person upload limit (30 a minute) would answer most of them 429 unread.
    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["RateLimits:DraftUploadsPerMinute"] = "10000" });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Malformed_emails_get_an_answer_not_a_500_and_log_nothing()
    {
        using var teacher = app.TabClient(SignedBotApp.TeacherId);
        var failures = new List<string>();
        var count = BenchScale.Count("EMAILS", 56);
        var cases = Enumerable.Range(0, count).Select(i => MalformedEmails.Case(i)).Concat(Enumerable.Range(0, Math.Max(1, count / 100)).Select(_ => ("20 MB", MalformedEmails.Large(20))));
        GC.Collect();
        var (restingBefore, _) = BenchScale.Memory();
        var slowest = TimeSpan.Zero;
        var slowestKind = string.Empty;
        var statuses = new Dictionary<int, int>();
        var sent = 0;
        var timings = new List<(string Kind, int Bytes, TimeSpan Took, double PeakAfter)>();
        foreach (var (kind, bytes) in cases)
        {
            sent++;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
            var response = await teacher.PostAsync("api/email-drafts", content);
            await response.Content.ReadAsByteArrayAsync();
            if (watch.Elapsed > TimeSpan.FromSeconds(5))
            {
                BenchScale.Report($"  over 5 s: {kind} ({bytes.Length} bytes) {watch.Elapsed.TotalMilliseconds:0} ms");
            }

            if (watch.Elapsed > slowest)
            {
                (slowest, slowestKind) = (watch.Elapsed, kind);
            }

            var (_, peakNow) = BenchScale.Memory();
            timings.Add((kind, bytes.Length, watch.Elapsed, peakNow));
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{kind}: {(int)response.StatusCode}");
            }
        }

        // The first requests pay for the app's warm-up (JIT, regexes, MimeKit's tables): the same first two emails again.
        foreach (var (kind, bytes) in Enumerable.Range(0, Math.Min(2, count)).Select(i => MalformedEmails.Case(i)))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
            using var again = await teacher.PostAsync("api/email-drafts", content);
            BenchScale.Report($"  warm again: {kind} ({bytes.Length} bytes) {watch.Elapsed.TotalMilliseconds:0} ms, {(int)again.StatusCode}");
        }

        var (_, peak) = BenchScale.Memory();
        await Task.Delay(TimeSpan.FromSeconds(BenchScale.Count("SETTLE_SECONDS", 1)));
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var (after, _) = BenchScale.Memory();
        BenchScale.Report($"emails: {sent} malformed; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; 500s: {failures.Count}; "
            + $"slowest {slowest.TotalMilliseconds:0} ms ({slowestKind}); test process (app in-process) RSS {restingBefore:0} MB before, peak {peak:0} MB, {after:0} MB after");
        foreach (var slow in timings.OrderByDescending(t => t.Took).Take(5))
        {
            BenchScale.Report($"  slow: {slow.Kind} ({slow.Bytes} bytes) {slow.Took.TotalMilliseconds:0} ms");
        }

        // The cases that raised the process's peak resident size, and by how much.
        foreach (var (t, i) in timings.Select((t, i) => (t, i)).Where(x => x.i > 0 && x.t.PeakAfter - timings[x.i - 1].PeakAfter > 10))
        {
            BenchScale.Report($"  peak +{t.PeakAfter - timings[i - 1].PeakAfter:0} MB to {t.PeakAfter:0} MB: {t.Kind} ({t.Bytes} bytes)");
        }

        Assert.Empty(failures);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task A_text_part_in_utf7_is_read_as_far_as_it_can_be_not_a_500()
    {
        using var teacher = app.TabClient(SignedBotApp.TeacherId);
        var mime = "From: Hannah <hannah@parent.example>\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\nSubject: Year 4\r\nMessage-ID: <u7@x>\r\n"
            + "Content-Type: text/plain; charset=utf-7\r\n\r\nIn the Year 4 group Dan Price wrote that Mrs Smith is useless +ACE-\r\n";
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(mime));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");

        var response = await teacher.PostAsync("api/email-drafts", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Dan Price", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutated_roster_files_get_an_answer_not_a_500_and_change_nothing()
    {
        using var slt = app.TabClient(SignedBotApp.SltMemberId);
        const string good = "Id,Group,Parent name,Contact,Date school told,Code of conduct acknowledged\r\n,Year 4,Jo Bloggs,jo@example.org,2026-09-01,yes\r\n";
        var random = new Random(16);
        var failures = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var chars = good.ToCharArray().ToList();
            for (var n = 0; n < 1 + random.Next(8); n++)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(4))
                {
                    case 0: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, "\",\r\n\0\uFEFF=\u202E"[random.Next(8)]); break;
                    case 2: chars[at] = (char)random.Next(1, 0xD7FF); break;
                    default: chars.InsertRange(at, new string('"', random.Next(1, 5000))); break;
                }
            }

            var text = new string([.. chars]);
            using var preview = new StringContent(text, Encoding.UTF8, "text/csv");
            var answer = await slt.PostAsync("api/tab/roster/import/preview", preview);
            using var apply = new StringContent(text, Encoding.UTF8, "text/csv");
            var applied = await slt.PostAsync("api/tab/roster/import?token=forged", apply);
            if ((int)answer.StatusCode >= 500 || (int)applied.StatusCode >= 500)
            {
                failures.Add($"#{i}: {(int)answer.StatusCode}/{(int)applied.StatusCode}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.Moderators.CountAsync()));
    }
}
