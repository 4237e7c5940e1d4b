using System.Text.Json.Nodes;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>After approval: each approved action tracked on SLT's card until done, then the case closed. Through /api/messages.</summary>
public sealed class ApprovedActionsTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        ["Letters:SenderMailbox"] = "office@stjohnspriory.example",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_letter_Graph_could_not_send_shows_as_failed_with_a_retry_that_sends_it_and_closes_the_case()
    {
        app.Graph.Fail("sendMail", 503);
        var id = await ApproveAsync("cautionary-notice");

        var concern = await ConcernAsync(app, id);
        Assert.Equal(CaseState.ActionsInProgress, concern.State);
        Assert.Equal(ActionStatus.Failed, Assert.Single(concern.Actions).Status);
        var channelCard = LastChannelCard();
        Assert.Contains("Cautionary notice: Failed", Text(channelCard), StringComparison.Ordinal);
        Assert.Contains("The email could not be sent", Text(channelCard), StringComparison.Ordinal);
        Assert.Empty(app.Graph.SentMail);

        app.Graph.Heal("sendMail");
        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.RetryLetter, CardData(channelCard, CaseVerbs.RetryLetter), SltChannelId, "channel"));
        await SettleAsync(app);

        Assert.Contains("Sending the letter again", Text(answer["value"]!), StringComparison.Ordinal);
        Assert.Single(app.Graph.SentMail);
        concern = await ConcernAsync(app, id);
        Assert.Equal(CaseState.Closed, concern.State);
        Assert.Equal(ActionStatus.Done, Assert.Single(concern.Actions).Status);
        Assert.Contains("Closed: every approved action is done", Text(LastChannelCard()), StringComparison.Ordinal);
        var trail = (await AuditAsync(app, id)).Select(a => a.Action).ToList();
        Assert.Equal([AuditActions.LetterFailed, AuditActions.LetterRetried, AuditActions.LetterSent, "Close"], trail.SkipWhile(a => a != "StartActions").Skip(1).ToList());
    }

    [Fact]
    public async Task SLT_mark_the_meeting_done_on_their_card_and_the_last_action_done_closes_the_case_on_every_copy()
    {
        var id = await ApproveAsync("cautionary-notice,meeting");
        var concern = await ConcernAsync(app, id);
        Assert.Equal(CaseState.ActionsInProgress, concern.State);
        var meeting = Assert.Single(concern.Actions, a => a.ResponseId == "meeting");
        Assert.Equal(ActionStatus.Pending, meeting.Status);
        Assert.Equal(ActionStatus.Done, Assert.Single(concern.Actions, a => a.ResponseId == "cautionary-notice").Status);

        var channelCard = LastChannelCard();
        Assert.Contains("Meeting: To do", Text(channelCard), StringComparison.Ordinal);
        var markDone = CardData(channelCard, CaseVerbs.CompleteAction);
        Assert.Equal(meeting.Id, markDone["actionId"]!.GetValue<int>());

        var teacher = await InvokeAsync(app, Execute(SignedBotApp.TeacherId, CaseVerbs.CompleteAction, markDone));
        Assert.Contains("Only SLT can mark an action done", Text(teacher["value"]!), StringComparison.Ordinal);
        Assert.Equal(ActionStatus.Pending, (await ConcernAsync(app, id)).Actions.Single(a => a.Id == meeting.Id).Status);

        var before = app.Connector.Requests.Count;
        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.CompleteAction, markDone, SltChannelId, "channel"));
        await SettleAsync(app);

        Assert.Contains("the case is closed", Text(answer["value"]!), StringComparison.Ordinal);
        concern = await ConcernAsync(app, id);
        Assert.Equal(CaseState.Closed, concern.State);
        Assert.Equal(SignedBotApp.SltMemberId, concern.Actions.Single(a => a.Id == meeting.Id).CompletedByUserId);
        foreach (var copy in await CopiesAsync(app, id))
        {
            var put = app.Connector.Requests.Skip(before).LastOrDefault(r => r.Method == "PUT" && r.Path.EndsWith("/activities/" + copy.ActivityId, StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException($"{copy.Purpose} copy {copy.ActivityId} was not updated; PUTs: " + string.Join(", ", app.Connector.Requests.Skip(before).Where(r => r.Method == "PUT").Select(r => r.Path)));
            Assert.Contains("Closed: every approved action is done", Text(put.Json!["attachments"]![0]!["content"]!), StringComparison.Ordinal);
            Assert.DoesNotContain(CaseVerbs.CompleteAction, Verbs(put.Json!["attachments"]![0]!["content"]!));
        }

        var trail = await AuditAsync(app, id);
        Assert.Equal([AuditActions.ActionDone, "Close"], trail.TakeLast(2).Select(a => a.Action));
        Assert.All(trail.TakeLast(2), a => Assert.Equal(SignedBotApp.SltMemberId, a.ActorId));

        // The same button pressed again (a double click, or an old copy) changes nothing.
        var again = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.CompleteAction, markDone, SltChannelId, "channel"));
        Assert.Contains("nothing was done", Text(again["value"]!), StringComparison.Ordinal);
        Assert.Equal(trail.Count, (await AuditAsync(app, id)).Count);
    }

    private async Task<int> ApproveAsync(string responses)
    {
        var id = await LogConcernAsync(app);
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose", ProposeData(await DataAsync(app, id), responses: responses), SltChannelId + ";messageid=activity-1", "channel", "activity-1"));
        await SettleAsync(app);
        var approve = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", approve));
        await SettleAsync(app);
        return id;
    }

    private JsonNode LastChannelCard() =>
        app.Connector.Requests.Last(r => r.Method is "POST" or "PUT" && r.Path.Contains("19%3Aslt", StringComparison.Ordinal) && r.Json?["attachments"] is not null)
            .Json!["attachments"]![0]!["content"]!;
}
