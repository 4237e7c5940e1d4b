using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Tests.Infrastructure;

using static StaffConductAssistant.Tests.Playground.PlaygroundCards;

namespace StaffConductAssistant.Tests.Playground;

/// <summary>
/// Issue 6 item 10, end to end with no stand-ins between the people and the app: two Agents Playground instances
/// (two Teams clients, docs/agents-playground.md "Two people at once") against the real app in local mode. Alex Wilber
/// is SLT, Megan Bowen the Headmistress (Roles:Users, as in appsettings.Development.json).
/// <para>
/// What the playground cannot do, and so is not asserted here: show another user's card in the first user's window
/// (each window is one person), and produce an <c>updateMessage</c> for the card the clicker's own invoke answer
/// replaced (the answer replaces it in the UI only). Both windows still get the updated card through the app's PUT
/// to every stored copy, which is what is asserted.
/// </para>
/// </summary>
[Collection(PlaygroundTestGroup.Name)]
public sealed class TwoPeopleDecisionTests : IAsyncLifetime, IDisposable
{
    private AppHost app = null!;
    private PlaygroundInstance slt = null!;
    private PlaygroundInstance head = null!;

    public async Task InitializeAsync()
    {
        app = SltAndHead.StartApp();
        (slt, head) = await SltAndHead.StartPlaygroundsAsync(app);
    }

    /// <summary>The playgrounds first (xUnit calls this before <see cref="Dispose"/>), then the app they talk to.</summary>
    public async Task DisposeAsync()
    {
        await slt.DisposeAsync();
        await head.DisposeAsync();
    }

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task SLT_propose_in_one_window_the_Headmistress_approves_in_hers_both_see_it_and_a_double_click_records_one_decision()
    {
        // Both open the app: each personal chat is stored with its own instance's serviceUrl.
        await slt.InstallAsync();
        await head.InstallAsync();
        await slt.WaitForAsync(e => e.Action == "createMessage", what: "the welcome");
        await head.WaitForAsync(e => e.Action == "createMessage", what: "the welcome");
        var stored = await app.WithDbAsync(db => db.Conversations.AsNoTracking().Where(c => c.ConversationType == "personal").ToListAsync());
        Assert.Equal(slt.ServiceUrl, Assert.Single(stored, c => c.UserAadObjectId == PlaygroundUser.AlexWilber.AadObjectId).ServiceUrl);
        Assert.Equal(head.ServiceUrl, Assert.Single(stored, c => c.UserAadObjectId == PlaygroundUser.MeganBowen.AadObjectId).ServiceUrl);

        // Alex logs the emailed concern from the message's "..." menu (message action, commandContext "message").
        var payload = new JsonObject
        {
            ["commandId"] = "logConcern",
            ["commandContext"] = "message",
            ["messagePayload"] = new JsonObject
            {
                ["id"] = "emailed-post-1",
                ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = SampleEmailHtml("01-staff-criticism-year4.eml") },
            },
        };
        var fetched = await slt.InvokeAsync("composeExtension/fetchTask", payload);
        var form = fetched?["task"]?["value"]?["card"]?["content"] as JsonObject
            ?? throw new Xunit.Sdk.XunitException("No form came back: " + fetched?.ToJsonString());
        Assert.Equal("Year 4", Input(form, "group"));
        var submitted = await slt.InvokeAsync("composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "logConcern",
            ["commandContext"] = "message",
            ["data"] = FormData(form),
        });
        Assert.Contains("Logged as concern #1", submitted?.ToJsonString(), StringComparison.Ordinal);

        // His copy of the case card arrives in his window. He is in its refresh.userIds, so Teams asks for his own
        // view on display (refresh invoke), and as SLT he gets the proposal form.
        var logged = await slt.WaitForAsync(e => e.Action == "createMessage" && Mentions(e, "WhatsApp concern #1"), what: "the concern card");
        Assert.Contains(slt.User.Id, logged.Card!["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));
        var reviewForm = await slt.ExecuteAsync(logged.MessageId, "refreshCase", ButtonData(logged.Card!, null));
        var formCard = reviewForm?["value"] as JsonObject ?? throw new Xunit.Sdk.XunitException("No form: " + reviewForm?.ToJsonString());
        Assert.Contains("propose", Verbs(formCard));
        var proposeData = ButtonData(formCard, "propose");
        proposeData["responses"] = "cautionary-notice";
        proposeData["reason"] = "Personal criticism of a teacher in front of 28 parents; a first incident.";
        proposeData["letterTemplate"] = "cautionary-notice";
        proposeData["letterText"] = Input(formCard, "letterText");
        var proposed = await slt.ExecuteAsync(logged.MessageId, "propose", proposeData);
        Assert.Contains("Sent to the Headmistress", proposed?.ToJsonString(), StringComparison.Ordinal);

        // Megan's window gets her decision card, proactively, through her own instance.
        var decisionCard = await head.WaitForAsync(e => e.Action == "createMessage" && Verbs(e.Card).Contains("approve"), what: "her decision card");
        Assert.Contains("The proposal to decide", decisionCard.Card!.ToJsonString(), StringComparison.Ordinal);

        // She approves; the click arrives twice (double click, or Teams retrying). Exactly one decision is recorded.
        var approve = ButtonData(decisionCard.Card!, "approve");
        approve["comment"] = "Agreed.";
        var answers = await Task.WhenAll(
            head.ExecuteAsync(decisionCard.MessageId, "approve", approve),
            head.ExecuteAsync(decisionCard.MessageId, "approve", approve));
        Assert.Single(answers, a => a!.ToJsonString().Contains("Approved. Everyone", StringComparison.Ordinal));
        Assert.Single(answers, a => a!.ToJsonString().Contains("nothing was done", StringComparison.Ordinal));

        // Both windows get every copy they hold replaced with the approved state (PUT → updateMessage).
        var sltUpdated = await slt.WaitForAsync(e => e.Action == "updateMessage" && e.MessageId == logged.MessageId && Mentions(e, "Approved"), what: "the approved card");
        var headUpdated = await head.WaitForAsync(e => e.Action == "updateMessage" && e.MessageId == decisionCard.MessageId && Mentions(e, "Approved"), what: "the approved card");
        Assert.DoesNotContain("approve", Verbs(headUpdated.Card));
        Assert.Contains("Megan Bowen (Headmistress)", headUpdated.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Megan Bowen (Headmistress)", sltUpdated.Card!.ToJsonString(), StringComparison.Ordinal);

        // No school mailbox in local mode: the letter is written as an .eml file to outbox/ beside the database, which
        // completes the only action and closes the case; both windows show it.
        await slt.WaitForAsync(e => e.Action == "updateMessage" && e.MessageId == logged.MessageId && Mentions(e, "Closed: every approved action is done"), what: "the closed card");
        await head.WaitForAsync(e => e.Action == "updateMessage" && e.MessageId == decisionCard.MessageId && Mentions(e, "Closed: every approved action is done"), what: "the closed card");
        var concern = await app.WithDbAsync(db => db.Concerns.AsNoTracking().Include(c => c.Actions).SingleAsync());
        Assert.Equal(CaseState.Closed, concern.State);
        Assert.Equal(PlaygroundUser.MeganBowen.AadObjectId, concern.DecidedByUserId);
        Assert.Equal(StaffRole.Headmistress, concern.DecidedByRole);
        Assert.Equal(concern.ProposalSha256, concern.DecidedProposalSha256);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == AuditSubjects.Case(concern.Id)).OrderBy(a => a.At).ToListAsync());
        Assert.Equal(
            ["Log", "StartReview", "Propose", "Approve", "StartActions", "Close"],
            audit.Where(a => Enum.TryParse<CaseAction>(a.Action, out _)).Select(a => a.Action).ToList());
        Assert.Equal(PlaygroundUser.AlexWilber.AadObjectId, Assert.Single(audit, a => a.Action == "Propose").ActorId);
        Assert.Equal(PlaygroundUser.MeganBowen.AadObjectId, Assert.Single(audit, a => a.Action == "Approve").ActorId);
        Assert.Contains(audit, a => a.Action == AuditActions.HeadmistressSent);
        Assert.Equal([AuditActions.LetterWritten, "Close"], audit.Where(a => a.Action != AuditActions.Viewed).TakeLast(2).Select(a => a.Action));
        var letter = Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "outbox"), "*.eml"));
        Assert.Contains("Megan Bowen", await File.ReadAllTextAsync(letter), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Headmistress_who_opens_the_app_after_SLT_proposed_gets_the_proposal_then()
    {
        // Only Alex has opened the app: the proposal cannot reach Megan yet.
        await slt.InstallAsync();
        await slt.WaitForAsync(e => e.Action == "createMessage", what: "the welcome");
        var form = await OpenLogFormAsync(slt, "emailed-post-2", "01-staff-criticism-year4.eml");
        await slt.InvokeAsync("composeExtension/submitAction", new JsonObject { ["commandId"] = "logConcern", ["commandContext"] = "message", ["data"] = FormData(form) });
        var logged = await slt.WaitForAsync(e => e.Action == "createMessage" && Mentions(e, "WhatsApp concern #1"), what: "the concern card");
        var formCard = (await slt.ExecuteAsync(logged.MessageId, "refreshCase", ButtonData(logged.Card!, null)))?["value"] as JsonObject
            ?? throw new Xunit.Sdk.XunitException("No form");
        var proposeData = ButtonData(formCard, "propose");
        proposeData["responses"] = "cautionary-notice";
        proposeData["reason"] = "A first incident.";
        proposeData["letterTemplate"] = "cautionary-notice";
        proposeData["letterText"] = Input(formCard, "letterText");
        await slt.ExecuteAsync(logged.MessageId, "propose", proposeData);
        await WaitUntilAsync(() => app.WithDbAsync(db => db.Concerns.AnyAsync(c => c.HeadmistressDeliveryProblem != null)), "the delivery problem to be recorded");

        // Megan opens the app later: her decision card arrives, and SLT's card stops saying it could not reach her.
        await head.InstallAsync();
        var decisionCard = await head.WaitForAsync(e => e.Action == "createMessage" && Verbs(e.Card).Contains("approve"), what: "her decision card");
        Assert.Contains("The proposal to decide", decisionCard.Card!.ToJsonString(), StringComparison.Ordinal);
        await WaitUntilAsync(() => app.WithDbAsync(db => db.Concerns.AllAsync(c => c.HeadmistressDeliveryProblem == null)), "the delivery problem to be cleared");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
