using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// Letter templates SLT edit in the tab (issue 12 item 1): versions seeded from the shipped file, edits audited and
/// checked, the next letter using the latest version and recording it. Through the tab's API with real SSO tokens,
/// and the bot's /api/messages with signed tokens; Graph is the loopback stand-in.
/// </summary>
public sealed class LetterTemplateTests : IAsyncLifetime
{
    private const string Caution = "cautionary-notice";
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        ["Letters:SenderMailbox"] = "office@stjohnspriory.example",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task SLT_edit_a_template_and_the_next_letter_uses_the_new_version_records_it_and_keeps_its_subject_after_later_edits()
    {
        var slt = app.TabClient(SignedBotApp.SltMemberId);
        var shipped = app.App.Services.GetRequiredService<LetterTemplates>();

        // Every template in the shipped file is there at version 1, as shipped.
        var list = await slt.GetFromJsonAsync<JsonElement>("api/tab/letters");
        Assert.Equal(shipped.All.Select(t => t.Id), list.EnumerateArray().Select(t => t.GetProperty("key").GetString()));
        Assert.All(list.EnumerateArray(), t => Assert.Equal(1, t.GetProperty("version").GetInt32()));
        var v1 = (await slt.GetFromJsonAsync<JsonElement>($"api/tab/letters/{Caution}")).GetProperty("versions")[0];
        Assert.Equal(shipped.Find(Caution)!.Text, v1.GetProperty("body").GetString());

        var body = v1.GetProperty("body").GetString()!.Replace("We hope no further action will be needed.", "We trust that no further action will be needed.", StringComparison.Ordinal);
        var saved = await slt.PostAsJsonAsync($"api/tab/letters/{Caution}", new { basedOnVersion = 1, subject = "St John's Priory School: a caution about the {group} group", body });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Equal(2, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        // Audited: who, in which role, which template and version; never the words.
        var edit = Assert.Single(await app.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.LetterTemplateEdited).ToListAsync()));
        Assert.Equal((SignedBotApp.SltMemberId, "Slt", "letter-template:" + Caution), (edit.ActorId, edit.ActorRole, edit.Subject));
        Assert.Contains("\"version\":2", edit.DetailsJson, StringComparison.Ordinal);

        // The next letter starts from version 2, goes out with its subject, and records the version.
        var id = await LogConcernAsync(app);
        var letter = await FillAsync(id, Caution);
        Assert.Contains("We trust that no further action will be needed.", letter, StringComparison.Ordinal);
        await ProposeAndApproveAsync(id, letter, SignedBotApp.HeadmistressId, "Mrs Michelle Jenkin");

        var (_, mail) = Assert.Single(app.Graph.SentMail);
        Assert.Equal("St John's Priory School: a caution about the Year 4 group", mail["Message"]!["subject"]!.GetValue<string>());
        Assert.Contains("We trust that no further action", mail["Message"]!["body"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await ConcernAsync(app, id)).LetterTemplateVersion);
        var sent = (await AuditAsync(app, id)).Single(a => a.Action == AuditActions.LetterSent);
        Assert.Contains("\"templateVersion\":2", sent.DetailsJson, StringComparison.Ordinal);

        // A later edit changes later letters only: this one's printed copy keeps version 2's subject.
        var again = await slt.PostAsJsonAsync($"api/tab/letters/{Caution}", new { basedOnVersion = 2, subject = "Version three's subject", body });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var printed = await (await slt.GetAsync($"api/tab/concerns/{id}/letter")).Content.ReadAsStringAsync();
        Assert.Contains("a caution about the Year 4 group", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Version three", printed, StringComparison.Ordinal);

        var versions = (await slt.GetFromJsonAsync<JsonElement>($"api/tab/letters/{Caution}")).GetProperty("versions");
        Assert.Equal("3,2,1", string.Join(",", versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32())));
    }

    [Fact]
    public async Task The_card_drawn_after_an_edit_starts_from_the_new_words_though_cards_read_templates_through_a_cache()
    {
        var id = await LogConcernAsync(app);
        var before = await SltCardLetterAsync(id);
        Assert.Contains("We hope no further action will be needed.", before, StringComparison.Ordinal);

        var shipped = app.App.Services.GetRequiredService<LetterTemplates>().Find(Caution)!;
        var edited = await app.TabClient(SignedBotApp.SltMemberId).PostAsJsonAsync($"api/tab/letters/{Caution}",
            new { basedOnVersion = 1, subject = shipped.Subject, body = shipped.Text.Replace("We hope no further", "We trust that no further", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);

        Assert.Contains("We trust that no further action will be needed.", await SltCardLetterAsync(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_naming_a_placeholder_the_app_cannot_fill_is_refused_naming_it_and_nothing_is_saved()
    {
        var slt = app.TabClient(SignedBotApp.SltMemberId);
        var body = "Dear {parentname},\n\nAbout {childName} in {group}.\n\n{signature}";

        foreach (var path in new[] { $"api/tab/letters/{Caution}", $"api/tab/letters/{Caution}/preview" })
        {
            var refused = await slt.PostAsJsonAsync(path, new { basedOnVersion = 1, subject = "About {group}", body });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var title = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()!;
            Assert.Contains("{parentname}, {childName}", title, StringComparison.Ordinal);
            Assert.Contains("Nothing has been saved", title, StringComparison.Ordinal);
        }

        // A placeholder the subject cannot use, a letter without its signature, an empty subject: each a 400.
        Assert.Equal(HttpStatusCode.BadRequest, (await slt.PostAsJsonAsync($"api/tab/letters/{Caution}", new { basedOnVersion = 1, subject = "For {parentName}", body = "Dear {parentName},\n\n{signature}" })).StatusCode);
        var unsigned = await slt.PostAsJsonAsync($"api/tab/letters/{Caution}", new { basedOnVersion = 1, subject = "About {group}", body = "Dear {parentName}," });
        Assert.Contains("{signature}", (await unsigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await slt.PostAsJsonAsync($"api/tab/letters/{Caution}", new { basedOnVersion = 1, subject = " ", body = "Dear {parentName},\n\n{signature}" })).StatusCode);

        // An edit made on an older version than the latest is refused too: the other person's edit is not lost.
        Assert.Equal(HttpStatusCode.Created, (await slt.PostAsJsonAsync($"api/tab/letters/{Caution}", new { basedOnVersion = 1, subject = "About {group}", body = "Dear {parentName},\n\n{signature}" })).StatusCode);
        var stale = await slt.PostAsJsonAsync($"api/tab/letters/{Caution}", new { basedOnVersion = 1, subject = "Mine", body = "Dear {parentName},\n\n{signature}" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var rows = await app.App.WithDbAsync(db => db.LetterTemplateVersions.AsNoTracking().Where(v => v.Key == Caution).OrderBy(v => v.Version).Select(v => v.Subject).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Equal("About {group}", rows[1]);
        Assert.Single(await app.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.LetterTemplateEdited).ToListAsync()));
    }

    [Fact]
    public async Task The_preview_is_filled_from_a_sample_case_and_signed()
    {
        var preview = await app.TabClient(SignedBotApp.SltMemberId).PostAsJsonAsync($"api/tab/letters/{Caution}/preview",
            new { subject = "About the {group} group", body = "Dear {parentName},\n\nOn {date} in {group}:\n{policyQuotes}\n\nModerator: {moderatorName}\n\nYours sincerely,\n\n{signature}" });
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var p = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("About the Year 4 group", p.GetProperty("subject").GetString());
        var text = p.GetProperty("body").GetString()!;
        Assert.StartsWith("Dear Sam Sample,\n\nOn 15 June 2026 in Year 4:\n• “", text, StringComparison.Ordinal);
        Assert.Contains("Moderator: Robin Example", text, StringComparison.Ordinal);
        Assert.EndsWith("Yours sincerely,\n\n[the Headmistress's name]\nHeadmistress", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.Empty(await app.App.WithDbAsync(db => db.LetterTemplateVersions.AsNoTracking().Where(v => v.Version > 1).ToListAsync()));
    }

    [Theory]
    [InlineData(SignedBotApp.TeacherId)]
    [InlineData(SignedBotApp.HeadmistressId)]
    public async Task Only_SLT_may_read_preview_or_edit_the_templates(string userId)
    {
        var client = app.TabClient(userId);
        var edit = new { basedOnVersion = 1, subject = "About {group}", body = "Dear {parentName},\n\n{signature}" };
        var answers = new[]
        {
            await client.GetAsync("api/tab/letters"),
            await client.GetAsync($"api/tab/letters/{Caution}"),
            await client.PostAsJsonAsync($"api/tab/letters/{Caution}/preview", edit),
            await client.PostAsJsonAsync($"api/tab/letters/{Caution}", edit),
        };
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Forbidden, a.StatusCode));
        Assert.Contains("Only SLT", (await answers[3].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Empty(await app.App.WithDbAsync(db => db.LetterTemplateVersions.AsNoTracking().Where(v => v.Version > 1).ToListAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.App.CreateHttpClient().GetAsync("api/tab/letters")).StatusCode);
    }

    [Fact]
    public async Task A_template_added_to_the_file_later_is_seeded_at_start_and_an_edited_one_is_not_overwritten()
    {
        var edited = await app.TabClient(SignedBotApp.SltMemberId).PostAsJsonAsync($"api/tab/letters/{Caution}", new { basedOnVersion = 1, subject = "Edited {group}", body = "Dear {parentName},\n\n{signature}" });
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);

        // The app starts again (a second instance on the same database) with a file that has gained a template.
        var shipped = app.App.Services.GetRequiredService<LetterTemplates>();
        var grown = new LetterTemplates([.. shipped.All, new LetterTemplate("new-letter", "meeting", "A new letter", "New {group}", "Dear {parentName},\n\n{signature}")]);
        await using var restarted = app.StartAnotherInstance(
            new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Data Source={Path.Combine(app.App.DataDirectory, "app.db")}",
            },
            services => services.AddSingleton(grown));

        var list = await restarted.TabClient(SignedBotApp.SltMemberId).GetFromJsonAsync<JsonElement>("api/tab/letters");
        var versions = list.EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => (t.GetProperty("version").GetInt32(), t.GetProperty("subject").GetString()));
        Assert.Equal((1, "New {group}"), versions["new-letter"]);
        Assert.Equal((2, "Edited {group}"), versions[Caution]);
        Assert.Equal(shipped.All.Count + 1, await app.App.WithDbAsync(db => db.LetterTemplateVersions.CountAsync(v => v.Version == 1)));
    }

    /// <summary>The letter SLT's own card starts the proposal from (the most proportionate suggested response's template).</summary>
    private async Task<string> SltCardLetterAsync(int id)
    {
        var card = (await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "refreshCase", await DataAsync(app, id))))["value"]!;
        return All(card).Single(o => o["id"]?.GetValue<string>() == "letterText")["value"]!.GetValue<string>();
    }

    private async Task<string> FillAsync(int id, string template)
    {
        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "fillLetter",
            ProposeData(await DataAsync(app, id), responses: template, letterTemplate: template, recipient: null),
            SltChannelId + ";messageid=activity-1", "channel", "activity-1"));
        return All(answer).Single(o => o["id"]?.GetValue<string>() == "letterText")["value"]!.GetValue<string>();
    }

    private async Task ProposeAndApproveAsync(int id, string letter, string decider, string deciderName)
    {
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose",
            ProposeData(await DataAsync(app, id), responses: Caution, letterTemplate: Caution, letterText: letter, recipient: "dan.price@example.org"),
            SltChannelId + ";messageid=activity-1", "channel", "activity-1"));
        await SettleAsync(app);
        var card = app.Connector.Requests.Last(r => r.Method == "POST" && r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(decider)), StringComparison.Ordinal) && r.Json?["attachments"] is not null);
        var approve = Execute(decider, "approve", CardData(card.Json!["attachments"]![0]!["content"]!, "approve"));
        approve["from"]!["name"] = deciderName;
        await InvokeAsync(app, approve);
        await SettleAsync(app);
    }
}
