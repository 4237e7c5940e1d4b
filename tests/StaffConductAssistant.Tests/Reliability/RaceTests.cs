using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Reliability;

/// <summary>
/// Issue 16, item 2 (short form; bench/reliability runs 1,000 approvals): duplicates and races through the front door,
/// on SQLite and on PostgreSQL. One side effect each time, and never a 500.
/// </summary>
public sealed class RaceTests
{
    private static readonly string[] Threatening = ["threatening-behaviour"];

    public static async Task<SignedBotApp> StartAsync(PostgresDatabase? postgres) => await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        ["Letters:SenderMailbox"] = "office@stjohnspriory.example",
        ["Database:Provider"] = postgres is null ? "Sqlite" : "Postgres",
        ["Database:ConnectionString"] = postgres?.ConnectionString,

        // The bench runs a thousand approvals by one person at once: the race is the point, not the per-person limit.
        ["RateLimits:InvokesPerMinute"] = "10000",
    }.Where(p => p.Value is not null).ToDictionary());

    [Fact]
    public Task Fifty_concurrent_approvals_record_one_decision_on_SQLite() => ConcurrentApprovalsAsync(null);

    [PostgresFact]
    public async Task Fifty_concurrent_approvals_record_one_decision_on_PostgreSQL()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await ConcurrentApprovalsAsync(postgres);
    }

    [Fact]
    public Task Twenty_concurrent_submissions_of_one_email_give_one_concern_and_409s_on_SQLite() => ConcurrentSubmissionsAsync(null);

    [PostgresFact]
    public async Task Twenty_concurrent_submissions_of_one_email_give_one_concern_and_409s_on_PostgreSQL()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await ConcurrentSubmissionsAsync(postgres);
    }

    [Fact]
    public async Task The_same_dialog_submission_delivered_five_times_logs_one_concern_and_each_redelivery_is_told_so()
    {
        await using var app = await StartAsync(null);
        var draftId = await DraftIdAsync(app);
        var submit = Activities.Invoke(SignedBotApp.TeacherId, "task/submit", new JsonObject { ["data"] = FormData(draftId) });

        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await app.SendAsync((JsonObject)submit.DeepClone());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
        Assert.Contains("Logged as concern #1", answers[0], StringComparison.Ordinal);
        Assert.All(answers.Skip(1), a => Assert.Contains("already logged as concern #1", a, StringComparison.Ordinal));
        Assert.Equal(1, await app.App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == "concern.publish")));
    }

    [Fact]
    public async Task The_same_approval_delivered_five_times_records_one_decision_and_sends_one_letter()
    {
        await using var app = await StartAsync(null);
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var click = Execute(SignedBotApp.HeadmistressId, CaseVerbs.Approve, CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve"));

        for (var i = 0; i < 5; i++)
        {
            await InvokeAsync(app, (JsonObject)click.DeepClone());
        }

        await SettleAsync(app);
        Assert.Single(await AuditAsync(app, id), a => a.Action == nameof(CaseAction.Approve));
        Assert.Single(app.Graph.SentMail);
    }

    [Fact]
    public async Task The_same_acting_appointment_delivered_five_times_makes_one_appointment()
    {
        await using var app = await StartAsync(null);
        var from = app.Now.UtcDateTime.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var until = app.Now.UtcDateTime.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var appoint = Activities.Invoke(SignedBotApp.HeadmistressId, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "appointActing", ["data"] = new JsonObject { ["personId"] = SignedBotApp.SltMemberId, ["from"] = from, ["until"] = until } },
            ["trigger"] = "manual",
        });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync((JsonObject)appoint.DeepClone())).StatusCode);
        }

        Assert.Equal(1, await app.App.WithDbAsync(db => db.ActingHeadAppointments.CountAsync()));
        Assert.Equal(1, await app.App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "ActingAppointed")));
    }

    private static async Task ConcurrentApprovalsAsync(PostgresDatabase? postgres)
    {
        await using var app = await StartAsync(postgres);
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var data = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");

        var count = BenchScale.Count("APPROVALS", 50);

        // A client that waits as long as the app takes: a deadlock would show as the bench never finishing, and a slow
        // answer as its latency, not as a client timeout.
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = count }) { BaseAddress = app.App.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var timed = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            var started = watch.Elapsed;
            var response = await app.SendAsync(client, Execute(SignedBotApp.HeadmistressId, CaseVerbs.Approve, (JsonObject)data.DeepClone()));
            await response.Content.LoadIntoBufferAsync();
            return (Response: response, Took: watch.Elapsed - started);
        }));
        var answers = timed.Select(t => t.Response).ToArray();
        var took = timed.Select(t => t.Took.TotalMilliseconds).Order().ToList();
        BenchScale.Report($"approvals ({(postgres is null ? "SQLite" : "PostgreSQL")}): {count} concurrent in {watch.Elapsed.TotalSeconds:0.0} s; statuses {string.Join(", ", answers.GroupBy(a => (int)a.StatusCode).Select(g => $"{g.Key}×{g.Count()}"))}; "
            + $"latency p50 {took[took.Count / 2]:0} ms, p99 {took[(int)(took.Count * 0.99)]:0} ms, max {took[^1]:0} ms");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var texts = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        Assert.Single(texts, t => t.Contains("Approved.", StringComparison.Ordinal) && !t.Contains("nothing was done", StringComparison.Ordinal));
        await SettleAsync(app);
        Assert.Single(await AuditAsync(app, id), a => a.Action == nameof(CaseAction.Approve));
        Assert.Single(app.Graph.SentMail);
    }

    private static async Task ConcurrentSubmissionsAsync(PostgresDatabase? postgres)
    {
        await using var app = await StartAsync(postgres);
        using var teacher = app.TabClient(SignedBotApp.TeacherId);
        var draftId = await DraftIdAsync(app);
        var body = new { draftId, group = "Year 6", postedBy = "Craig Mercer", quote = "A quote", conduct = Threatening };

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => teacher.PostAsJsonAsync("api/concerns", body)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var concernId = await app.App.WithDbAsync(db => db.Concerns.Select(c => c.Id).SingleAsync());
        foreach (var conflict in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal(concernId, (await conflict.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>());
        }

        Assert.Single(await AuditAsync(app, concernId), a => a.Action == nameof(CaseAction.Log));
        Assert.Equal(1, await app.App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == "concern.publish")));
    }

    private static JsonObject FormData(string draftId) => new()
    {
        ["draftId"] = draftId, ["group"] = "Year 6", ["postedBy"] = "Craig Mercer", ["quote"] = "A quote", ["conduct"] = "threatening-behaviour",
    };

    private static async Task<string> DraftIdAsync(SignedBotApp app)
    {
        using var teacher = app.TabClient(SignedBotApp.TeacherId);
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, "03-threatening-language-year6.eml")));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var response = await teacher.PostAsync("api/email-drafts", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["draftId"]!.GetValue<string>();
    }
}
