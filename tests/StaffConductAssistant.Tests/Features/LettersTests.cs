using System.Globalization;
using System.Text.Json.Nodes;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>The letters from the templates: filled from the case and the roster, signed by whoever decided. Through /api/messages.</summary>
public sealed class LettersTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        ["Letters:SenderMailbox"] = "office@stjohnspriory.example",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_cautionary_notice_filled_from_the_template_goes_out_signed_by_the_Headmistress_by_name_and_title()
    {
        var id = await LogConcernAsync(app);
        var (letter, _) = await FillAsync(id, "cautionary-notice", "cautionary-notice");
        Assert.Contains("Dear Dan Price", letter, StringComparison.Ordinal);
        Assert.Contains("{signature}", letter, StringComparison.Ordinal);

        await ProposeAndApproveAsync(id, "cautionary-notice", "cautionary-notice", letter, "dan.price@example.org", SignedBotApp.HeadmistressId, "Mrs Michelle Jenkin");

        var (_, body) = Assert.Single(app.Graph.SentMail);
        var content = body["Message"]!["body"]!["content"]!.GetValue<string>();
        Assert.EndsWith("Yours sincerely,\n\nMrs Michelle Jenkin\nHeadmistress", content, StringComparison.Ordinal);
        Assert.Equal("dan.price@example.org", body["Message"]!["toRecipients"]![0]!["emailAddress"]!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_the_acting_Headmistress_decides_she_signs_the_letter_as_acting_Headmistress()
    {
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.HeadmistressId));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "appointActing", new JsonObject
        {
            ["personId"] = SignedBotApp.SltMemberId,
            ["from"] = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["until"] = today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }));
        var id = await LogConcernAsync(app);
        var (letter, _) = await FillAsync(id, "cautionary-notice", "cautionary-notice");

        await ProposeAndApproveAsync(id, "cautionary-notice", "cautionary-notice", letter, "dan.price@example.org", SignedBotApp.SltMemberId, "Ms Alex Wilber", proposer: SignedBotApp.SecondSltMemberId);

        var (_, body) = Assert.Single(app.Graph.SentMail);
        Assert.EndsWith("Ms Alex Wilber\nActing Headmistress", body["Message"]!["body"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_request_to_the_moderator_is_addressed_to_the_moderator_the_roster_names_for_the_group()
    {
        await app.App.WithDbAsync(async db =>
        {
            db.Moderators.Add(new Moderator { Group = "Year 3", ParentName = "Ola Brown", Contact = "ola.brown@example.org", CreatedAt = app.Now, UpdatedAt = app.Now });
            db.Moderators.Add(new Moderator { Group = "year 4", ParentName = "Priya Shah", Contact = "priya.shah@example.org", CreatedAt = app.Now, UpdatedAt = app.Now });
            await db.SaveChangesAsync();
            return 0;
        });
        var id = await LogConcernAsync(app);
        var (letter, recipient) = await FillAsync(id, "ask-moderator-removal", "moderator-removal-request");
        Assert.StartsWith("Dear Priya Shah,", letter, StringComparison.Ordinal);
        Assert.Contains("consider removing Dan Price from the group", letter, StringComparison.Ordinal);
        Assert.Equal("priya.shah@example.org", recipient);

        await ProposeAndApproveAsync(id, "ask-moderator-removal", "moderator-removal-request", letter, recipient, SignedBotApp.HeadmistressId, "Mrs Michelle Jenkin");

        var (_, body) = Assert.Single(app.Graph.SentMail);
        Assert.Equal("priya.shah@example.org", body["Message"]!["toRecipients"]![0]!["emailAddress"]!["address"]!.GetValue<string>());
        Assert.Equal("St John's Priory School: a request about the Year 4 class WhatsApp group", body["Message"]!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_letter_for_a_response_not_proposed_is_refused_and_nothing_changes()
    {
        // The card fills in the letter for the guide's first suggestion; SLT who then choose another response and keep
        // that letter are told, rather than the letter's response (a site ban) being carried out unasked.
        var id = await LogConcernAsync(app);
        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose",
            ProposeData(await DataAsync(app, id), responses: "cautionary-notice", letterTemplate: "site-ban-provisional"),
            SltChannelId + ";messageid=activity-1", "channel", "activity-1"));

        Assert.Contains("is for a response you have not chosen", Text(answer), StringComparison.Ordinal);
        var concern = await ConcernAsync(app, id);
        Assert.Equal(StaffConductAssistant.Cases.CaseState.Logged, concern.State);
        Assert.Null(concern.LetterTemplateId);
        Assert.Equal(0, concern.ProposalVersion);
    }

    [Fact]
    public async Task With_no_moderator_on_the_roster_for_the_group_the_card_says_so_and_links_to_the_roster()
    {
        var id = await LogConcernAsync(app);
        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "fillLetter",
            ProposeData(await DataAsync(app, id), responses: "ask-moderator-removal", letterTemplate: "moderator-removal-request", recipient: null),
            SltChannelId + ";messageid=activity-1", "channel", "activity-1"));

        var text = Text(answer);
        Assert.Contains("The roster has no moderator for the Year 4 group", text, StringComparison.Ordinal);
        Assert.Contains(All(answer).Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl").Select(o => o["url"]!.GetValue<string>()),
            u => u.EndsWith("/tab/roster", StringComparison.Ordinal));
        Assert.Contains("[no moderator is on the roster for this group]", LetterInput(answer, "letterText"), StringComparison.Ordinal);
    }

    private async Task<(string Letter, string? Recipient)> FillAsync(int id, string responses, string template)
    {
        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "fillLetter",
            ProposeData(await DataAsync(app, id), responses: responses, letterTemplate: template, recipient: null),
            SltChannelId + ";messageid=activity-1", "channel", "activity-1"));
        return (LetterInput(answer, "letterText"), All(answer).FirstOrDefault(o => o["id"]?.GetValue<string>() == "letterRecipient")?["value"]?.GetValue<string>());
    }

    private async Task ProposeAndApproveAsync(int id, string responses, string template, string letter, string? recipient, string decider, string deciderName, string proposer = SignedBotApp.SltMemberId)
    {
        var proposed = await InvokeAsync(app, Execute(proposer, "propose",
            ProposeData(await DataAsync(app, id), responses: responses, letterTemplate: template, letterText: letter, recipient: recipient),
            SltChannelId + ";messageid=activity-1", "channel", "activity-1"));
        await SettleAsync(app);
        Assert.DoesNotContain("Nothing has changed", Text(proposed), StringComparison.Ordinal);
        var card = app.Connector.Requests.Last(r => r.Method == "POST" && r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(decider)), StringComparison.Ordinal) && r.Json?["attachments"] is not null);
        var approve = Execute(decider, "approve", CardData(card.Json!["attachments"]![0]!["content"]!, "approve"));
        approve["from"]!["name"] = deciderName;
        await InvokeAsync(app, approve);
        await SettleAsync(app);
    }

    private static string LetterInput(JsonNode card, string id) =>
        All(card).Single(o => o["id"]?.GetValue<string>() == id)["value"]!.GetValue<string>();
}
