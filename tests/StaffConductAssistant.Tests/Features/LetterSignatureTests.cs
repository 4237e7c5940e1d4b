using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// Every letter is signed by whoever decided, by name and title (issue 12 item 1), on every surface a decision can be
/// taken from: the case page in the tab as well as the card, and by the decider IT named for cases naming the
/// Headmistress. (The Headmistress and the acting Headmistress on a card: <see cref="LettersTests"/>.)
/// </summary>
public sealed class LetterSignatureTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        ["Letters:SenderMailbox"] = "office@stjohnspriory.example",
        ["Roles:DeciderWhenHeadmistressNamed"] = SignedBotApp.SecondSltMemberId,
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Approved_from_the_case_page_the_letter_is_signed_with_the_Headmistress_name_from_her_sign_in()
    {
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id, letterText: "Dear Dan Price,\n\nPlease follow the policy.\n\nYours sincerely,\n\n{signature}");
        await SettleAsync(app);
        var c = await ConcernAsync(app, id);

        var approved = await app.TabClient(SignedBotApp.HeadmistressId).PostAsJsonAsync($"api/tab/concerns/{id}/actions",
            new { verb = "approve", data = new { version = c.Version, proposalVersion = c.ProposalVersion } });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.False((await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problem").GetBoolean());
        await SettleAsync(app);

        // The sign-in token names her "Test User" (SignedBotApp.UserToken): that name, and her title.
        var (_, mail) = Assert.Single(app.Graph.SentMail);
        var content = mail["Message"]!["body"]!["content"]!.GetValue<string>();
        Assert.EndsWith("Yours sincerely,\n\nTest User\nHeadmistress", content, StringComparison.Ordinal);
        Assert.DoesNotContain("{signature}", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_concern_names_the_Headmistress_the_decider_IT_named_signs_by_name_as_acting_Headmistress()
    {
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.SecondSltMemberId));
        var id = await LogConcernAsync(app);
        await app.App.WithDbAsync(async db =>
        {
            // What the concern form records when a concern names a member of staff (resolved when it was logged).
            db.CasePeople.Add(new CasePerson { ConcernId = id, UserId = SignedBotApp.HeadmistressId, Kind = CasePersonKind.Named, At = app.Now, ByUserId = AuditLog.AppActor });
            await db.SaveChangesAsync();
            return 0;
        });

        await ProposeAsync(app, id, letterText: "Dear Dan Price,\n\nPlease follow the policy.\n\nYours sincerely,\n\n{signature}");
        await SettleAsync(app);
        var card = app.Connector.Requests.Last(r => r.Method == "POST" && r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(SignedBotApp.SecondSltMemberId)), StringComparison.Ordinal) && r.Json?["attachments"] is not null);
        Assert.DoesNotContain(app.Connector.Requests, r => r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(SignedBotApp.HeadmistressId)), StringComparison.Ordinal)
            && r.Json?["attachments"]?[0]?["content"] is { } content && Verbs(content).Contains("approve"));
        var approve = Execute(SignedBotApp.SecondSltMemberId, "approve", CardData(card.Json!["attachments"]![0]!["content"]!, "approve"));
        approve["from"]!["name"] = "Mrs Patti Fernandez";
        await InvokeAsync(app, approve);
        await SettleAsync(app);

        var (_, mail) = Assert.Single(app.Graph.SentMail);
        Assert.EndsWith("Yours sincerely,\n\nMrs Patti Fernandez\nActing Headmistress", mail["Message"]!["body"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(SignedBotApp.SecondSltMemberId, (await ConcernAsync(app, id)).DecidedByUserId);
    }
}
