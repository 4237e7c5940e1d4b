using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Access;

/// <summary>The access rule's harder cases, each through the front door on a school of its own.</summary>
public sealed class CaseRulesTests : IAsyncLifetime
{
    private const string Deputy = "00000000-0000-0000-0000-00000000c001";
    private static readonly string[] Abusive = ["abusive-personal-comments"];
    private static readonly string[] Threatening = ["threatening-behaviour"];
    private SignedBotApp app = null!;

    public async Task InitializeAsync()
    {
        app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
        {
            [$"Roles:StaffNames:{SignedBotApp.HeadmistressId}"] = "Michelle Jenkin",
            ["Roles:DeciderWhenHeadmistressNamed"] = Deputy,
            ["Teams:ManifestAppId"] = "5a1f2c3d-0000-4000-8000-000000000abc",
        });
        app.Graph.AddMembership(Deputy, SignedBotApp.StaffGroupId);
        foreach (var person in new[] { SignedBotApp.TeacherId, SignedBotApp.SltMemberId, SignedBotApp.SecondSltMemberId, SignedBotApp.HeadmistressId, Deputy })
        {
            await app.SendAsync(Activities.PersonalInstall(person));
        }
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_acting_Headmistress_who_proposed_cannot_decide_it_and_is_not_sent_the_decision_card()
    {
        await AppointAsync(SignedBotApp.SecondSltMemberId, -1, 7);
        var id = await LogAsync("Year 3", "Gary Holt", "Gary keeps posting about the head of year");
        await SetChannelAsync();

        await ProposeAsync(app, id, proposer: SignedBotApp.SecondSltMemberId);
        var own = await InvokeAsync(app, Execute(SignedBotApp.SecondSltMemberId, "approve", await DataAsync(app, id)));

        Assert.Contains("You proposed this response, so someone else must decide it", Text(own["value"]!), StringComparison.Ordinal);
        Assert.Equal(CaseState.Proposed, (await ConcernAsync(app, id)).State);
        Assert.DoesNotContain(await CopiesAsync(app, id), c => c.Purpose == CardPurpose.ActingHeadmistress);
        Assert.Contains(await CopiesAsync(app, id), c => c.Purpose == CardPurpose.Headmistress);
    }

    [Fact]
    public async Task An_acting_Headmistress_with_a_later_appointment_as_well_decides_under_the_one_in_force()
    {
        await AppointAsync(SignedBotApp.SecondSltMemberId, -1, 7);
        await AppointAsync(SignedBotApp.SecondSltMemberId, 20, 30);
        var id = await LogAsync("Year 3", "Gary Holt", "Gary keeps posting about the head of year");
        await SetChannelAsync();
        await ProposeAsync(app, id);

        var response = await app.SendAsync(Execute(SignedBotApp.SecondSltMemberId, "approve", await DataAsync(app, id)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var concern = await ConcernAsync(app, id);
        Assert.Equal(StaffRole.ActingHeadmistress, concern.DecidedByRole);
        Assert.Equal(SignedBotApp.SecondSltMemberId, concern.DecidedByUserId);
    }

    [Fact]
    public async Task A_case_naming_the_Headmistress_goes_to_the_configured_decider_and_she_cannot_see_it()
    {
        await SetChannelAsync();
        var id = await LogAsync("Year 6", "Craig Mercer", "Mrs Jenkin is a liar and should be sacked", "Mrs Jenkin");

        await ProposeAsync(app, id);
        var toDeputy = app.Connector.Requests.Where(r => r.Method == "POST" && r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(Deputy)), StringComparison.Ordinal)
            && r.Json?["summary"] is not null).ToList();
        var headRefresh = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "refreshCase", new JsonObject { ["caseId"] = id }));
        var headApprove = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", await DataAsync(app, id)));
        var approve = CardData(Assert.Single(toDeputy).Json!["attachments"]![0]!["content"]!, "approve");
        await InvokeAsync(app, Execute(Deputy, "approve", approve));

        Assert.DoesNotContain("Craig Mercer", headRefresh.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Craig Mercer", headApprove.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await CopiesAsync(app, id), c => c.Purpose == CardPurpose.Headmistress);
        var concern = await ConcernAsync(app, id);
        Assert.Equal(Deputy, concern.DecidedByUserId);
        Assert.Equal(StaffRole.ActingHeadmistress, concern.DecidedByRole);
    }

    [Fact]
    public async Task A_concern_logged_before_the_SLT_channel_is_in_SLTs_queue_reviewable_from_the_case_page_and_posted_when_the_channel_is_set()
    {
        var logged = await InvokeAsync(app, SubmitForm(SignedBotApp.TeacherId, "Year 2", "Lena Fox", "Lena posted the class list with comments"));
        var id = await app.App.WithDbAsync(db => db.Concerns.Select(c => c.Id).SingleAsync());
        Assert.Contains("queue in the Concerns tab", logged.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SLT have been sent the card", logged.ToJsonString(), StringComparison.Ordinal);

        using var slt = app.TabClient(SignedBotApp.SltMemberId);
        var list = await slt.GetFromJsonAsync<JsonObject>("api/tab/concerns?state=open");
        Assert.Contains(list!["items"]!.AsArray(), i => i!["id"]!.GetValue<int>() == id);
        var page = (await slt.GetFromJsonAsync<JsonObject>($"api/tab/concerns/{id}"))!;
        Assert.Contains("Propose", page["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
        var proposed = await slt.PostAsJsonAsync($"api/tab/concerns/{id}/actions", new
        {
            verb = "propose",
            data = new { version = page["version"]!.GetValue<int>(), responses = "speak-to-parent", reason = "A first breach: a word with her is proportionate.", letterTemplate = "none" },
        });
        var result = (await proposed.Content.ReadFromJsonAsync<JsonObject>())!;
        await SettleAsync(app);

        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        Assert.False(result["problem"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(CaseState.Proposed, (await ConcernAsync(app, id)).State);
        Assert.Contains(await CopiesAsync(app, id), c => c.Purpose == CardPurpose.Headmistress);

        await SetChannelAsync();
        await SettleAsync(app);
        Assert.Contains(await CopiesAsync(app, id), c => c.Purpose == CardPurpose.SltChannel);
    }

    [Fact]
    public async Task The_Headmistress_decides_from_the_case_page_through_the_same_rule()
    {
        await SetChannelAsync();
        var id = await LogAsync("Year 3", "Gary Holt", "Gary keeps posting about the head of year");
        await ProposeAsync(app, id);
        using var head = app.TabClient(SignedBotApp.HeadmistressId);
        using var teacher = app.TabClient(SignedBotApp.TeacherId);
        var page = (await head.GetFromJsonAsync<JsonObject>($"api/tab/concerns/{id}"))!;
        var data = new { version = page["version"]!.GetValue<int>(), proposalVersion = page["proposalVersion"]!.GetValue<int>() };

        var byTeacher = await (await teacher.PostAsJsonAsync($"api/tab/concerns/{id}/actions", new { verb = "approve", data })).Content.ReadFromJsonAsync<JsonObject>();
        var byHead = await (await head.PostAsJsonAsync($"api/tab/concerns/{id}/actions", new { verb = "approve", data })).Content.ReadFromJsonAsync<JsonObject>();

        Assert.True(byTeacher!["problem"]!.GetValue<bool>());
        Assert.Contains("Only the Headmistress", byTeacher["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(byHead!["problem"]!.GetValue<bool>(), byHead.ToJsonString());
        Assert.Equal(SignedBotApp.HeadmistressId, (await ConcernAsync(app, id)).DecidedByUserId);
    }

    [Fact]
    public async Task The_DSL_records_that_a_safeguarding_concern_is_handled_and_everyone_else_is_refused()
    {
        await using var school = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["Roles:DslUserId"] = Deputy });
        school.Graph.AddMembership(Deputy, SignedBotApp.StaffGroupId);
        await school.SendAsync(Activities.PersonalInstall(Deputy));
        await school.SendAsync(Activities.PersonalInstall(SignedBotApp.TeacherId));
        await InvokeAsync(school, SubmitForm(SignedBotApp.TeacherId, "Year 5", "Jade Moss", "Jade says Ellie in 5B is a liar and nobody should play with her", children: "Ellie", conduct: "bullying"));
        await SettleAsync(school);
        var id = await school.App.WithDbAsync(db => db.Concerns.Select(c => c.Id).SingleAsync());
        var card = school.Connector.Requests.Last(r => r.Json?["summary"]?.GetValue<string>()?.StartsWith("Safeguarding", StringComparison.Ordinal) == true).Json!["attachments"]![0]!["content"]!;
        var record = CardData(card, "recordSafeguarding");
        record["safeguardingNote"] = "Spoken to Ellie's parents; logged on the safeguarding system.";

        var byTeacher = await InvokeAsync(school, Execute(SignedBotApp.TeacherId, "recordSafeguarding", record));
        var byDsl = await InvokeAsync(school, Execute(Deputy, "recordSafeguarding", record));

        Assert.Contains("Only the Designated Safeguarding Lead", Text(byTeacher["value"]!), StringComparison.Ordinal);
        Assert.Contains("Recorded", Text(byDsl["value"]!), StringComparison.Ordinal);
        var concern = await ConcernAsync(school, id);
        Assert.Equal(Deputy, concern.SafeguardingHandledBy);
        Assert.Equal("Spoken to Ellie's parents; logged on the safeguarding system.", concern.SafeguardingNote);
    }

    [Fact]
    public async Task SLT_share_a_case_with_a_named_teacher_who_may_then_read_it_but_not_act_and_the_share_is_recorded()
    {
        const string named = "00000000-0000-0000-0000-00000000c002";
        await using var school = await SignedBotApp.StartAsync(new Dictionary<string, string?> { [$"Roles:StaffNames:{named}"] = "Rachel Green" });
        school.Graph.AddMembership(named, SignedBotApp.StaffGroupId);
        await InvokeAsync(school, SubmitForm(SignedBotApp.TeacherId, "Year 1", "Ross Geller", "Miss Green is hopeless", staff: "Miss Green"));
        var id = await school.App.WithDbAsync(db => db.Concerns.Select(c => c.Id).SingleAsync());
        using var teacher = school.TabClient(named);
        using var slt = school.TabClient(SignedBotApp.SltMemberId);

        var before = await teacher.GetAsync($"api/tab/concerns/{id}");
        var page = (await slt.GetFromJsonAsync<JsonObject>($"api/tab/concerns/{id}"))!;
        var share = await slt.PostAsJsonAsync($"api/tab/concerns/{id}/share", new { userId = page["namedPeople"]![0]!["userId"]!.GetValue<string>(), reason = "So she can prepare for the meeting." });
        var after = await teacher.GetFromJsonAsync<JsonObject>($"api/tab/concerns/{id}");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, share.StatusCode);
        Assert.Equal(["View"], after!["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Contains(await AuditAsync(school, id), a => a.Action == AuditActions.Shared && a.ActorId == SignedBotApp.SltMemberId && a.Reason == "So she can prepare for the meeting.");
    }

    [Fact]
    public async Task Open_the_case_on_a_card_deep_links_to_the_case_page_in_the_Concerns_tab()
    {
        await SetChannelAsync();
        var id = await LogAsync("Year 3", "Gary Holt", "Gary keeps posting about the head of year");

        var card = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "refreshCase", new JsonObject { ["caseId"] = id }));
        var url = Uri.UnescapeDataString(card.ToJsonString());

        Assert.Contains("https://teams.microsoft.com/l/entity/5a1f2c3d-0000-4000-8000-000000000abc/concerns?webUrl=https://conduct.example.test/tab/concerns/" + id, url, StringComparison.Ordinal);
        Assert.Contains("\"subEntityId\":\"case-" + id + "\"", url.Replace("\\u0022", "\"", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_email_by_another_route_is_flagged_as_a_likely_duplicate_with_a_link()
    {
        using var teacher = app.TabClient(SignedBotApp.TeacherId);
        var original = await File.ReadAllTextAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml"));
        var first = await DraftAsync(teacher, original);
        var logged = await teacher.PostAsJsonAsync("api/concerns", new
        {
            draftId = first["draftId"]!.GetValue<string>(),
            group = "Year 4",
            postedBy = "Daniel Price",
            quote = first["quote"]?.GetValue<string>() ?? "A quote",
            conduct = Abusive,
            reporterName = "Hannah Okafor",
            reporterEmail = "hannah.okafor@mail.example.com",
            sentAt = "2026-11-16T21:14",
        });
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);

        // The same email saved again by the parent's phone: another Message-ID, so not the same bytes.
        var again = await DraftAsync(teacher, original.Replace("Message-ID: <179548231716", "Message-ID: <999", StringComparison.Ordinal));

        Assert.Null(again["alreadyLogged"]);
        Assert.NotNull(again["likelyDuplicate"]);
        Assert.Contains(again["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("This looks like concern #1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_form_with_a_field_of_the_wrong_type_is_a_plain_400_naming_the_field_and_logs_nothing()
    {
        using var teacher = app.TabClient(SignedBotApp.TeacherId);
        var draft = await DraftAsync(teacher, await File.ReadAllTextAsync(Path.Combine(TestPaths.SampleEmails, "03-threatening-language-year6.eml")));

        // The conduct is a list of ids; a script that sends one string gets told which field, not "Bad Request".
        var answer = await teacher.PostAsJsonAsync("api/concerns", new { draftId = draft["draftId"]!.GetValue<string>(), group = "Year 6", postedBy = "Craig Mercer", quote = "A quote", conduct = "threatening-behaviour" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var title = (await answer.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>();
        Assert.Equal("The request could not be read: conduct is not in the expected form. Nothing has changed.", title);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task Twenty_submissions_of_one_email_at_once_log_one_concern_and_never_fail()
    {
        using var teacher = app.TabClient(SignedBotApp.TeacherId);
        var draft = await DraftAsync(teacher, await File.ReadAllTextAsync(Path.Combine(TestPaths.SampleEmails, "03-threatening-language-year6.eml")));
        var body = new
        {
            draftId = draft["draftId"]!.GetValue<string>(),
            group = "Year 6",
            postedBy = "Craig Mercer",
            quote = "A quote",
            conduct = Threatening,
        };

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => teacher.PostAsJsonAsync("api/concerns", body)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.NotFound }));
        Assert.Equal(1, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
        var id = await app.App.WithDbAsync(db => db.Concerns.Select(c => c.Id).SingleAsync());
        Assert.Single(await AuditAsync(app, id), a => a.Action == nameof(CaseAction.Log));
        Assert.Equal(1, await app.App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == "concern.publish")));
    }

    [Fact]
    public async Task A_guest_who_writes_to_the_bot_is_told_the_app_is_for_staff_and_gets_nothing_else()
    {
        const string guest = "00000000-0000-0000-0000-00000000c0ff";

        var response = await app.SendAsync(Activities.PersonalMessage(guest, "help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = app.Connector.Requests[^1];
        Assert.Contains("is for the staff of St John", reply.Body, StringComparison.Ordinal);
        Assert.Null(reply.Json!["attachments"]);
    }

    private static async Task<JsonObject> DraftAsync(HttpClient client, string mime)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(mime));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var response = await client.PostAsync("api/email-drafts", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<int> LogAsync(string group, string postedBy, string quote, string? staff = null)
    {
        var answer = await InvokeAsync(app, SubmitForm(SignedBotApp.TeacherId, group, postedBy, quote, staff: staff));
        Assert.Contains("Logged as concern", answer.ToJsonString(), StringComparison.Ordinal);
        await SettleAsync(app);
        return await app.App.WithDbAsync(db => db.Concerns.OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync());
    }

    private static JsonObject SubmitForm(string user, string group, string postedBy, string quote, string? staff = null, string? children = null, string conduct = "grievances-about-people") =>
        Activities.Invoke(user, "composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "logConcern",
            ["commandContext"] = "message",
            ["data"] = new JsonObject
            {
                ["group"] = group,
                ["postedBy"] = postedBy,
                ["quote"] = quote,
                ["conduct"] = conduct,
                ["namedStaff"] = staff,
                ["namedChildren"] = children,
            },
        });

    private async Task SetChannelAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Activities.ChannelMessage(SignedBotApp.SltMemberId, "use this channel for concerns", SltChannelId))).StatusCode);

    private async Task AppointAsync(string person, int fromDays, int untilDays)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var answer = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "appointActing", new JsonObject
        {
            ["personId"] = person,
            ["from"] = today.AddDays(fromDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["until"] = today.AddDays(untilDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }));
        Assert.Contains("is acting Headmistress", answer.ToJsonString(), StringComparison.Ordinal);
    }
}
