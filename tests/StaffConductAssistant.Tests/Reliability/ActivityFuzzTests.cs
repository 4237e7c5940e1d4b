using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Reliability;

/// <summary>
/// Issue 16, item 1 (short form; bench/reliability runs 10,000): mutated activities through the real /api/messages with
/// real signed tokens, seeded so every run sends the same bodies. None may get a 500, and a body whose required parts
/// are of the wrong JSON type must change nothing.
/// </summary>
public sealed class ActivityFuzzTests : IAsyncLifetime
{
    private SignedBotApp app = null!;
    private int caseId;
    private JsonObject approveData = null!;

    public async Task InitializeAsync()
    {
        // Every mutated body should reach the handlers, not stop at the per-person invoke limit.
        app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["Letters:SenderMailbox"] = "office@stjohnspriory.example", ["RateLimits:InvokesPerMinute"] = "10000" });
        caseId = await LogConcernAsync(app);
        await ProposeAsync(app, caseId);
        approveData = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>One body per verb and per kind of activity the app handles, each valid before it is mutated.</summary>
    public static IReadOnlyList<JsonObject> Bases(JsonObject caseData)
    {
        JsonObject With(params (string Key, JsonNode Value)[] extra)
        {
            var d = (JsonObject)caseData.DeepClone();
            foreach (var (key, value) in extra)
            {
                d[key] = value;
            }

            return d;
        }

        var form = new JsonObject
        {
            ["group"] = "Year 4", ["postedBy"] = "Dan Price", ["quote"] = "Mrs Smith is useless.", ["conduct"] = "abusive-personal-comments",
            ["reporterName"] = "A parent", ["sentAt"] = "2026-11-17 22:40", ["childAtRisk"] = "false", ["draftId"] = Guid.NewGuid().ToString(),
        };
        return
        [
            Execute(SignedBotApp.HeadmistressId, CaseVerbs.Approve, With(("comment", "Agreed."))),
            Execute(SignedBotApp.HeadmistressId, CaseVerbs.Reject, With(("comment", "Speak to him first."))),
            Execute(SignedBotApp.HeadmistressId, CaseVerbs.RequestChanges, With(("comment", "Shorter, please."))),
            Execute(SignedBotApp.HeadmistressId, CaseVerbs.Refresh, With()),
            Execute(SignedBotApp.SltMemberId, CaseVerbs.StartReview, With()),
            Execute(SignedBotApp.SltMemberId, CaseVerbs.FillLetter, ProposeData(With())),
            Execute(SignedBotApp.SltMemberId, CaseVerbs.Propose, ProposeData(With())),
            Execute(SignedBotApp.SltMemberId, CaseVerbs.Withdraw, With(("reason", "Logged twice."))),
            Execute(SignedBotApp.SltMemberId, CaseVerbs.CompleteAction, With(("actionId", 1))),
            Execute(SignedBotApp.SltMemberId, CaseVerbs.RetryLetter, With(("actionId", 1))),
            Execute(SignedBotApp.SltMemberId, CaseVerbs.BookMeeting, With(("actionId", 1), ("meetingDate", "2026-12-01"), ("meetingTime", "09:00"), ("meetingPlace", "Office"), ("meetingColleague", "head@stjohnspriory.example"))),
            Execute(SignedBotApp.SltMemberId, CaseVerbs.RecordSafeguarding, With(("safeguardingNote", "Spoken to the DSL."))),
            Activities.Invoke(SignedBotApp.TeacherId, "composeExtension/fetchTask", new JsonObject
            {
                ["commandId"] = "logConcern", ["commandContext"] = "message",
                ["messagePayload"] = new JsonObject { ["id"] = "1700000000001", ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = "<p>From: A parent &lt;a@example.org&gt;<br>Sent: 17 November 2026 22:40<br>Subject: Year 4 group</p><p>Dan Price wrote: Mrs Smith is useless.</p>" } },
            }),
            Activities.Invoke(SignedBotApp.TeacherId, "composeExtension/submitAction", new JsonObject { ["commandId"] = "logConcern", ["commandContext"] = "message", ["data"] = form.DeepClone() }),
            Activities.Invoke(SignedBotApp.TeacherId, "task/fetch", new JsonObject { ["data"] = new JsonObject { ["suggestionId"] = Guid.NewGuid().ToString() } }),
            Activities.Invoke(SignedBotApp.TeacherId, "task/submit", new JsonObject { ["data"] = form.DeepClone() }),
            Activities.Invoke(SignedBotApp.HeadmistressId, "adaptiveCard/action", new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "appointActing", ["data"] = new JsonObject { ["userId"] = SignedBotApp.SecondSltMemberId } },
                ["trigger"] = "manual",
            }),
            Activities.PersonalMessage(SignedBotApp.TeacherId, "help"),
            Activities.ChannelMessage(SignedBotApp.SltMemberId, "use this channel for concerns", SltChannelId),
            Activities.PersonalInstall(SignedBotApp.TeacherId),
            Activities.PersonalMembersAdded(SignedBotApp.SltMemberId),
        ];
    }

    [Fact]
    public async Task Four_hundred_mutated_activities_get_no_500_and_at_most_one_decision()
    {
        var mutator = new JsonMutator(seed: 16);
        var bases = Bases(approveData);
        var failures = new List<string>();
        var logged = 0;
        var count = BenchScale.Count("ACTIVITIES", 400);
        var statuses = new Dictionary<int, int>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var body = bases[i % bases.Count];
            var mutated = mutator.Mutate(body, out var path);
            var response = await PostRawAsync(mutated);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.NotImplemented)
            {
                failures.Add($"#{i} {body["name"] ?? body["type"]} {path}: {(int)response.StatusCode}");
            }

            // A mutation that only drops the draft id leaves a valid form, which the app logs (a form needs no email).
            logged += (await response.Content.ReadAsStringAsync()).Contains("Logged as concern", StringComparison.Ordinal) ? 1 : 0;
        }

        var (rss, peak) = BenchScale.Memory();
        BenchScale.Report($"activities: {count} mutated bodies in {watch.Elapsed.TotalSeconds:0} s; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; "
            + $"500s: {failures.Count}; concerns logged by valid mutations: {logged}; test process RSS {rss:0} MB, peak {peak:0} MB");
        foreach (var failure in failures.Take(40))
        {
            BenchScale.Report("  500: " + failure);
        }

        Assert.Empty(failures);
        var decisions = await AuditAsync(app, caseId);
        Assert.True(decisions.Count(a => a.Action is "Approve" or "Reject" or "RequestChanges") <= 1);
        Assert.Equal(1 + logged, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task A_click_whose_required_parts_are_of_the_wrong_JSON_type_is_refused_and_changes_nothing()
    {
        var approve = Execute(SignedBotApp.HeadmistressId, CaseVerbs.Approve, (JsonObject)approveData.DeepClone());
        string[] paths = ["value", "value.action", "value.action.verb", "value.action.data", "value.trigger", "value.action.data.caseId", "value.action.data.version", "value.action.data.issuedAt"];
        JsonNode?[] wrong = [new JsonObject(), new JsonArray(), JsonValue.Create(true), JsonValue.Create(12345), JsonValue.Create(long.MaxValue), JsonValue.Create(-1), JsonValue.Create(1e300), JsonValue.Create("not a number")];
        var before = await FingerprintAsync();
        var failures = new List<string>();
        foreach (var path in paths)
        {
            foreach (var value in wrong)
            {
                var body = (JsonObject)approve.DeepClone();
                var parts = path.Split('.');
                var parent = parts[..^1].Aggregate((JsonNode)body, (node, key) => node[key]!);
                var old = parent[parts[^1]];
                if (old is JsonValue v && value is JsonValue w && v.ToJsonString() == w.ToJsonString())
                {
                    continue;
                }

                parent[parts[^1]] = value?.DeepClone();
                var response = await PostRawAsync(body);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{path} = {value?.ToJsonString()}: {(int)response.StatusCode}");
                }

                if (await FingerprintAsync() != before)
                {
                    failures.Add($"{path} = {value?.ToJsonString()}: changed the case ({(int)response.StatusCode} {text[..Math.Min(200, text.Length)]})");
                    return;
                }
            }
        }

        Assert.Empty(failures);

        // The same click, unmutated, still works: the fingerprint could have changed.
        var answer = await InvokeAsync(app, approve);
        Assert.Contains("Approved.", Text(answer["value"]!), StringComparison.Ordinal);
        Assert.NotEqual(before, await FingerprintAsync());
    }

    [Theory]
    [InlineData("composeExtension/submitAction", "\"a string\"")]
    [InlineData("composeExtension/submitAction", "[1,2]")]
    [InlineData("composeExtension/submitAction", "{\"commandId\":\"logConcern\",\"data\":\"x\"}")]
    [InlineData("composeExtension/submitAction", "{\"commandId\":{\"a\":1}}")]
    [InlineData("composeExtension/fetchTask", "{\"commandId\":\"logConcern\",\"messagePayload\":\"x\"}")]
    [InlineData("composeExtension/fetchTask", "7")]
    [InlineData("task/fetch", "\"x\"")]
    [InlineData("task/fetch", "{\"data\":[1]}")]
    [InlineData("task/submit", "true")]
    [InlineData("task/submit", "{\"data\":{\"draftId\":5,\"conduct\":{}}}")]
    [InlineData("adaptiveCard/action", "\"approve\"")]
    [InlineData("adaptiveCard/action", "{\"action\":\"approve\"}")]
    [InlineData("adaptiveCard/action", "{\"action\":{\"verb\":7}}")]
    [InlineData("adaptiveCard/action", "{\"action\":{\"verb\":\"approve\",\"data\":{\"caseId\":1,\"issuedAt\":9223372036854775807}},\"trigger\":[]}")]
    [InlineData("adaptiveCard/action", "{\"action\":{\"verb\":\"appointActingHead\",\"data\":\"x\"}}")]
    public async Task An_invoke_value_of_the_wrong_shape_gets_an_answer_not_a_500(string name, string value)
    {
        var body = Activities.Invoke(SignedBotApp.HeadmistressId, name, JsonNode.Parse(value)!);
        var before = await FingerprintAsync();

        var response = await PostRawAsync(body);

        Assert.True((int)response.StatusCode < 500, $"{name} {value}: {(int)response.StatusCode}");
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task A_message_whose_conversation_id_is_40000_characters_gets_a_400()
    {
        var message = Activities.PersonalMessage(SignedBotApp.TeacherId, "help");
        message["conversation"]!["id"] = new string('x', 40_000);

        var response = await PostRawAsync(message);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_card_with_an_issued_time_out_of_range_is_refused_and_changes_nothing()
    {
        var before = await FingerprintAsync();
        foreach (var issued in new JsonNode[] { JsonValue.Create(long.MaxValue), JsonValue.Create(-62135596801L), JsonValue.Create(253402300800L), JsonValue.Create(-1) })
        {
            var data = (JsonObject)approveData.DeepClone();
            data["issuedAt"] = issued;
            var answer = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, CaseVerbs.Approve, data));
            Assert.Contains("nothing was done", Text(answer["value"]!), StringComparison.Ordinal);
        }

        Assert.Equal(before, await FingerprintAsync());
    }

    private Task<HttpResponseMessage> PostRawAsync(JsonNode body)
    {
        if (body is JsonObject o)
        {
            o["serviceUrl"] ??= app.ServiceUrl;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.Token());
        return app.Http.SendAsync(request);
    }

    /// <summary>Everything a click could change: the cases, their actions and people, the audit trail, the outbox, the roster, appointments.</summary>
    private Task<string> FingerprintAsync() => app.App.WithDbAsync(async db =>
    {
        var cases = await db.Concerns.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id + ":" + c.State + ":" + c.Version + ":" + c.ProposalVersion).ToListAsync();
        return string.Join(",", cases)
            + $"|a{await db.AuditEntries.CountAsync()}|x{await db.ConcernActions.CountAsync()}|o{await db.Outbox.CountAsync()}|p{await db.CasePeople.CountAsync()}"
            + $"|m{await db.Moderators.CountAsync()}|h{await db.ActingHeadAppointments.CountAsync()}|e{await db.Evidence.CountAsync()}";
    });
}
