using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.Features;

/// <summary>Issue 11 item 7: per-person rate limits (ASP.NET Core's) on draft uploads and case steps, and a quota on drafts.</summary>
public sealed class LimitTests
{
    private static readonly byte[] Email = File.ReadAllBytes(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml"));

    [Fact]
    public async Task Too_many_uploads_in_a_minute_get_429_with_Retry_After_and_a_plain_message_for_that_person_only()
    {
        await using var host = await TabApiHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:DraftUploadsPerMinute"] = "2" });

        Assert.Equal(HttpStatusCode.OK, (await PostEmailAsync(host, People.Teacher)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostEmailAsync(host, People.Teacher)).StatusCode);
        var refused = await PostEmailAsync(host, People.Teacher);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        var title = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>();
        Assert.Contains("Nothing was done. Try again in", title, StringComparison.Ordinal);
        Assert.Equal(2, await host.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await PostEmailAsync(host, People.Slt)).StatusCode);
    }

    [Fact]
    public async Task Too_many_case_steps_in_a_minute_get_429_and_change_nothing()
    {
        await using var host = await TabApiHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:InvokesPerMinute"] = "1" });
        var concern = await host.App.AddAsync(TabData.Concern("Year 4", "Daniel Price", People.Teacher));

        var first = await host.As(People.Slt).PostAsJsonAsync($"api/tab/concerns/{concern.Id}/actions", new { verb = "refreshCase", data = new { } });
        var second = await host.As(People.Slt).PostAsJsonAsync($"api/tab/concerns/{concern.Id}/actions", new { verb = "startReview", data = new { version = 1 } });

        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.Contains("Retry-After"));
        Assert.Equal(StaffConductAssistant.Cases.CaseState.Logged, (await host.App.WithDbAsync(db => db.Concerns.AsNoTracking().SingleAsync(c => c.Id == concern.Id))).State);
    }

    /// <summary>The bot's invokes, per person (RateLimits:InvokesPerMinute): each protocol's own answer, never a 500.</summary>
    [Fact]
    public async Task Too_many_bot_invokes_in_a_minute_are_answered_too_many_requests_in_each_protocols_words_for_that_person_only()
    {
        await using var app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["RateLimits:InvokesPerMinute"] = "2" });
        var refresh = (string user) => DecisionScenario.Execute(user, "refreshCase", new JsonObject { ["caseId"] = 999 });

        var first = await app.SendAsync(refresh(SignedBotApp.TeacherId));
        var second = await app.SendAsync(TeamsMessageAction.FetchTask("1700000000001", "<p>Dan Price wrote: Mrs Smith is useless.</p>"));
        var card = await app.SendAsync(refresh(SignedBotApp.TeacherId));
        var form = await app.SendAsync(TeamsMessageAction.FetchTask("1700000000002", "<p>Dan Price wrote: Mrs Smith is useless.</p>"));
        var other = await app.SendAsync(refresh(SignedBotApp.HeadmistressId));

        Assert.All(new[] { first, second, card, form, other }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.DoesNotContain("Too many requests", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Too many requests", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var cardAnswer = (await card.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("application/vnd.microsoft.activity.message", cardAnswer["type"]!.GetValue<string>());
        Assert.Equal("Too many requests, try again in a minute. Nothing was done.", cardAnswer["value"]!.GetValue<string>());
        var formAnswer = (await form.Content.ReadFromJsonAsync<JsonObject>())!["task"]!;
        Assert.Equal(("message", "Too many requests, try again in a minute. Nothing was done."), (formAnswer["type"]!.GetValue<string>(), formAnswer["value"]!.GetValue<string>()));
        Assert.DoesNotContain("Too many requests", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100000")]
    [InlineData("many")]
    public async Task An_invoke_limit_out_of_range_stops_the_app_at_start(string value)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["RateLimits:InvokesPerMinute"] = value });
        });

        Assert.Contains("InvokesPerMinute", failure?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_with_20_unfinished_forms_is_told_to_finish_some_and_nothing_more_is_kept()
    {
        await using var host = await TabApiHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:DraftUploadsPerMinute"] = "100" });
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostEmailAsync(host, People.Teacher)).StatusCode);
        }

        var refused = await PostEmailAsync(host, People.Teacher);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("concern forms open but not logged", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(20, await host.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await PostEmailAsync(host, People.Slt)).StatusCode);
    }

    [Fact]
    public async Task Forms_already_logged_do_not_count_against_the_quota()
    {
        await using var host = await TabApiHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:DraftUploadsPerMinute"] = "100" });
        for (var i = 0; i < 21; i++)
        {
            using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(
                $"From: Hannah Okafor <hannah@parent.example>\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\nSubject: Year 4 group\r\nMessage-ID: <quota-{i}@example>\r\n"
                + $"Content-Type: text/plain; charset=utf-8\r\n\r\nIn the Year 4 WhatsApp group Dan Price posted that Mrs Smith is \"useless\" (message {i}).\r\n"));
            content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
            var drafted = await host.As(People.Teacher).PostAsync("/api/email-drafts", content);
            Assert.True(drafted.StatusCode == HttpStatusCode.OK, $"Email {i}: {await drafted.Content.ReadAsStringAsync()}");
            var draft = (await drafted.Content.ReadFromJsonAsync<JsonObject>())!;
            var logged = await host.As(People.Teacher).PostAsJsonAsync("/api/concerns", new JsonObject
            {
                ["draftId"] = draft["draftId"]!.GetValue<string>(),
                ["group"] = "Year 4",
                ["postedBy"] = "Dan Price",
                ["quote"] = "useless",
                ["conduct"] = new JsonArray("abusive-personal-comments"),
                ["reporterName"] = "Hannah Okafor",
                ["childAtRisk"] = false,
            });
            Assert.True(logged.StatusCode == HttpStatusCode.Created, $"Email {i}: {await logged.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(21, await host.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    private static async Task<HttpResponseMessage> PostEmailAsync(TabApiHost host, string userId)
    {
        using var content = new ByteArrayContent(Email);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return await host.As(userId).PostAsync("/api/email-drafts", content);
    }
}
