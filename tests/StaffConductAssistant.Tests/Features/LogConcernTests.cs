using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Features;

/// <summary>"Log WhatsApp concern" on an emailed post in a channel, through /api/messages with signed tokens.</summary>
public sealed class LogConcernTests : IAsyncLifetime
{
    private const string Team = TeamsMessageAction.Team;
    private const string Channel = TeamsMessageAction.Channel;
    private SignedBotApp app = null!;
    private TeamsMessageAction teams = null!;

    public async Task InitializeAsync()
    {
        app = await SignedBotApp.StartAsync();
        teams = new TeamsMessageAction(app);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    public static TheoryData<string, string, string, string, string> Samples => new()
    {
        // sample, group, posted by, reporter, a conduct id that must be suggested
        { "01-staff-criticism-year4.eml", "Year 4", "Daniel Price", "Hannah Okafor", "abusive-personal-comments" },
        { "02-forwarded-private-message-reception.eml", "Reception Robins", "Lucy Barnes", "Tom Wheeler", "screenshot-of-teacher-messages" },
        { "03-threatening-language-year6.eml", "Year 6", "Craig Mercer", "Gemma Lloyd", "threatening-behaviour" },
        { "04-commercial-links-nursery.eml", "Nursery Owls", "Kelly Dawson", "Priya Shah", "commercial-campaign-appeal-links" },
        { "06-forward-as-attachment-year1.eml", "Year 1 Kingfishers", "Steve Rowe and Imran Malik", "Anna Kowalska", "political-opinions" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task The_form_is_prefilled_from_the_original_email_read_through_Graph(string sample, string group, string postedBy, string reporter, string conduct)
    {
        var messageId = AddEmailedPost(sample);

        var form = await FetchFormAsync(messageId, "<p>Preview only</p>");

        Assert.Equal(group, Input(form, "group"));
        Assert.Equal(postedBy, Input(form, "postedBy"));
        Assert.Equal(reporter, Input(form, "reporterName"));
        Assert.Contains(conduct, (Input(form, "conduct") ?? string.Empty).Split(','));
        Assert.DoesNotContain("could not be read", form.ToJsonString(), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(form.ToJsonString());
    }

    [Fact]
    public async Task Without_the_team_id_in_channelData_the_team_is_looked_up_through_the_connector()
    {
        var messageId = AddEmailedPost("03-threatening-language-year6.eml");
        app.Connector.Then(new FakeResponse(200, $$"""{"id":"19:team@thread.tacv2","name":"SLT","aadGroupId":"{{Team}}"}"""));
        var activity = FetchTask(messageId, "<p>Preview</p>");
        activity["channelData"]!["team"]!.AsObject().Remove("aadGroupId");

        var response = await app.SendAsync(activity);

        var form = (await response.Content.ReadFromJsonAsync<JsonObject>())!["task"]!["value"]!["card"]!["content"]!.AsObject();
        Assert.Equal("Craig Mercer", Input(form, "postedBy"));
        Assert.Contains(app.Connector.Requests, r => r.Method == "GET" && r.Path.EndsWith("/v3/teams/19%3Ateam%40thread.tacv2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submitting_the_form_logs_the_concern_keeps_the_email_as_evidence_and_sends_the_card_to_SLT_and_the_logger()
    {
        await SetSltChannelAsync();
        var messageId = AddEmailedPost("01-staff-criticism-year4.eml");
        var form = await FetchFormAsync(messageId, "<p>Preview</p>");

        var answer = await SubmitAsync(Inputs(form));

        Assert.Equal("message", answer["task"]!["type"]!.GetValue<string>());
        Assert.Contains("Logged as concern #1", answer["task"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        var concern = await app.App.WithDbAsync(db => db.Concerns.Include(c => c.Evidence).SingleAsync());
        Assert.Equal(CaseState.Logged, concern.State);
        Assert.Equal("Year 4", concern.Group);
        Assert.Equal("daniel price", concern.PostedByKey);
        Assert.Equal(SignedBotApp.TeacherId, concern.LoggedByUserId);
        var original = Assert.Single(concern.Evidence, e => e.Kind == EvidenceKind.OriginalEmail);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml")), original.Content);
        Assert.Equal(64, original.Sha256.Length);
        Assert.Contains(concern.Evidence, e => e.Kind == EvidenceKind.Attachment && e.FileName == "whatsapp-screenshot.png");
        var audit = await app.App.WithDbAsync(db => db.AuditEntries.Where(a => a.Subject == "concern:1").ToListAsync());
        Assert.Equal("Log", Assert.Single(audit).Action);

        await app.DrainOutboxAsync();

        var cards = app.Connector.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/activities", StringComparison.Ordinal) && r.Json?["attachments"] is not null).ToList();
        Assert.Contains(cards, r => r.Path.Contains("19%3Aslt%40thread.tacv2", StringComparison.Ordinal));
        Assert.Equal(2, cards.Count);
        Assert.Contains(app.Connector.Requests, r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
            && r.Json!["members"]![0]!["id"]!.GetValue<string>() == Activities.TeamsUserId(SignedBotApp.TeacherId));
        var sent = await app.App.WithDbAsync(db => db.SentCards.ToListAsync());
        Assert.Equal(2, sent.Count);
        foreach (var card in cards)
        {
            await AdaptiveCardValidator.AssertValidAsync(card.Json!["attachments"]![0]!["content"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Without_an_SLT_channel_the_logger_gets_the_card_and_is_told_no_channel_is_set()
    {
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.TeacherId));
        var messageId = AddEmailedPost("03-threatening-language-year6.eml");
        var form = await FetchFormAsync(messageId, "<p>Preview</p>");
        await SubmitAsync(Inputs(form));

        await app.DrainOutboxAsync();

        var card = app.Connector.Requests.Last(r => r.Method == "POST" && r.Json?["attachments"] is not null);
        Assert.Contains(Uri.EscapeDataString("a:personal-teacher"), card.Path, StringComparison.Ordinal);
        Assert.Contains("No SLT channel is set", card.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_email_is_not_logged_twice()
    {
        var messageId = AddEmailedPost("04-commercial-links-nursery.eml");
        var form = await FetchFormAsync(messageId, "<p>Preview</p>");
        var inputs = Inputs(form);
        inputs["quote"] = "A link to her business with a discount code";
        var first = await SubmitAsync(inputs);
        Assert.Contains("Logged as concern", first.ToJsonString(), StringComparison.Ordinal);

        var again = await FetchFormAsync(messageId, "<p>Preview</p>");

        Assert.Contains("Already logged", again.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("tab/concerns/1", again.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task Missing_fields_bring_the_form_back_with_the_problems_and_nothing_is_stored()
    {
        var messageId = AddEmailedPost("01-staff-criticism-year4.eml");
        var form = await FetchFormAsync(messageId, "<p>Preview</p>");
        var inputs = Inputs(form);
        inputs["group"] = "";
        inputs["conduct"] = "";

        var answer = await SubmitAsync(inputs);

        Assert.Equal("continue", answer["task"]!["type"]!.GetValue<string>());
        var json = answer.ToJsonString();
        Assert.Contains("Say which class or year group", json, StringComparison.Ordinal);
        Assert.Contains("Choose at least one kind of conduct", json, StringComparison.Ordinal);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task When_Graph_is_slow_the_form_still_opens_in_time_from_the_message_and_says_so()
    {
        // A first form warms the app up (JIT, first queries), so the timing below measures only Graph's budget.
        await FetchFormAsync(AddEmailedPost("02-forwarded-private-message-reception.eml"), "<p>Preview</p>");
        var messageId = AddEmailedPost("01-staff-criticism-year4.eml");
        app.Graph.Delay = TimeSpan.FromSeconds(10);
        var html = "<div><p>From: Hannah Okafor &lt;hannah.okafor@mail.example.com&gt;<br>Sent: 16 November 2026 21:14<br>Subject: Year 4 WhatsApp group</p>"
            + "<p>In the Year 4 class WhatsApp group Daniel Price posted that Miss Turner is \"useless and should not be teaching\".</p></div>";

        var clock = Stopwatch.StartNew();
        var form = await FetchFormAsync(messageId, html);
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The form took {clock.Elapsed} to open.");
        Assert.Contains("original email could not be read", form.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Year 4", Input(form, "group"));
        Assert.Equal("Daniel Price", Input(form, "postedBy"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_message_gets_a_plain_answer_and_nothing_is_stored(string html)
    {
        var response = await app.SendAsync(FetchTask("no-such-message", html));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("nothing here to log", body!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));
    }

    [Fact]
    public async Task A_deleted_message_gets_a_plain_answer_and_nothing_is_stored()
    {
        app.Graph.AddChannelMessage(Team, Channel, "gone", "<p>x</p>", deleted: true);

        var response = await app.SendAsync(FetchTask("gone", "<p>x</p>"));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Contains("deleted", body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));
    }

    private string AddEmailedPost(string sample) => teams.AddEmailedPost(sample);

    private static JsonObject FetchTask(string messageId, string html) => TeamsMessageAction.FetchTask(messageId, html);

    private Task<JsonObject> FetchFormAsync(string messageId, string html) => teams.FetchFormAsync(messageId, html);

    private Task<JsonObject> SubmitAsync(JsonObject data) => teams.SubmitAsync(data);

    private Task SetSltChannelAsync() => teams.SetSltChannelAsync();

    private static JsonObject Inputs(JsonObject card) => TeamsMessageAction.Inputs(card);

    private static string? Input(JsonObject card, string id) => TeamsMessageAction.Input(card, id);
}
