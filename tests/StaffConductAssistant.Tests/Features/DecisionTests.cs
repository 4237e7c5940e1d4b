using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

public sealed class DecisionTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        ["Letters:SenderMailbox"] = "office@stjohnspriory.example",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>The Graph SDK writes sendMail's body as {"Message": …} (its own casing); Graph reads either.</summary>
    private static JsonNode Message(JsonNode body) => body["Message"] ?? body["message"]!;

    [Fact]
    public async Task An_SLT_member_proposes_and_the_Headmistress_gets_a_1to1_card_with_approve_reject_and_request_changes()
    {
        var id = await LogConcernAsync(app);
        var watch = Stopwatch.StartNew();
        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose", ProposeData(await DataAsync(app, id)), SltChannelId, "channel", "activity-1"));
        watch.Stop();

        Assert.Equal("application/vnd.microsoft.card.adaptive", answer["type"]!.GetValue<string>());
        Assert.Contains("Sent to the Headmistress", Text(answer["value"]!), StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        await AdaptiveCardValidator.AssertValidAsync(answer["value"]!.ToJsonString());

        var concern = await ConcernAsync(app, id);
        Assert.Equal(CaseState.Proposed, concern.State);
        Assert.Equal(1, concern.ProposalVersion);
        Assert.Equal("dan.price@example.org", concern.LetterRecipientEmail);
        Assert.Equal(64, concern.ProposalSha256!.Length);

        await SettleAsync(app);
        var headCard = HeadmistressCard(app).Json!["attachments"]![0]!["content"]!;
        Assert.Equal(["approve", "requestChanges", "reject"], Verbs(headCard).Where(v => v != "refreshCase"));
        await AdaptiveCardValidator.AssertValidAsync(headCard.ToJsonString());
        var copies = await CopiesAsync(app, id);
        Assert.Equal([CardPurpose.SltChannel, CardPurpose.Logger, CardPurpose.Headmistress], copies.Select(c => c.Purpose));

        // The base card, PUT to every other copy, shows the status and asks the Headmistress's client to refresh.
        var put = app.Connector.Requests.Last(r => r.Method == "PUT" && r.Path.Contains("19%3Aslt", StringComparison.Ordinal)).Json!["attachments"]![0]!["content"]!;
        Assert.DoesNotContain("approve", Verbs(put));
        Assert.Contains(Activities.TeamsUserId(SignedBotApp.HeadmistressId), put["refresh"]!["userIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        var audit = await AuditAsync(app, id);
        Assert.Equal(["Log", "StartReview", "Propose", "HeadmistressSent"], audit.Select(a => a.Action));
        Assert.Equal("activity-1", audit[2].CardActivityId);
        Assert.Equal("Slt", audit[2].ActorRole);
    }

    [Fact]
    public async Task A_teacher_pressing_propose_is_told_only_SLT_can_propose_and_nothing_changes()
    {
        var id = await LogConcernAsync(app);

        var answer = await InvokeAsync(app, Execute(SignedBotApp.TeacherId, "propose", ProposeData(await DataAsync(app, id))));

        Assert.Contains("Only SLT can propose", Text(answer["value"]!), StringComparison.Ordinal);
        Assert.DoesNotContain("propose", Verbs(answer["value"]!));
        var concern = await ConcernAsync(app, id);
        Assert.Equal(CaseState.Logged, concern.State);
        Assert.Equal(1, concern.Version);
    }

    [Fact]
    public async Task A_proposal_without_a_reason_comes_back_as_the_form_with_a_plain_message_and_what_was_typed()
    {
        var id = await LogConcernAsync(app);

        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose", ProposeData(await DataAsync(app, id), reason: null, letterText: "My own words")));

        var card = answer["value"]!;
        Assert.Contains("Write why you propose", Text(card), StringComparison.Ordinal);
        Assert.Contains("My own words", Text(card), StringComparison.Ordinal);
        Assert.Contains("propose", Verbs(card));
        Assert.Equal(CaseState.Logged, (await ConcernAsync(app, id)).State);
    }

    [Fact]
    public async Task The_Headmistress_approves_every_copy_is_updated_the_exact_approved_letter_is_emailed_and_the_case_closes()
    {
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var headCard = HeadmistressCard(app);
        var headActivityId = "activity-" + app.Connector.Requests.Count(r => r.Method is "POST" or "PUT").ToString(System.Globalization.CultureInfo.InvariantCulture);
        var data = CardData(headCard.Json!["attachments"]![0]!["content"]!, "approve");
        var before = app.Connector.Requests.Count;

        var watch = Stopwatch.StartNew();
        var answer = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", data, replyToId: headActivityId));
        watch.Stop();
        await SettleAsync(app);

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Contains("Approved", Text(answer["value"]!), StringComparison.Ordinal);
        var concern = await ConcernAsync(app, id);

        // The letter was the only approved action; once emailed, nothing is left to do and the app closes the case.
        Assert.Equal(CaseState.Closed, concern.State);
        var trail = (await AuditAsync(app, id)).Select(a => (a.Action, a.ActorRole)).ToList();
        Assert.Equal(
            [("Approve", "Headmistress"), ("StartActions", "Headmistress"), (AuditActions.LetterSent, "System"), ("Close", "System")],
            trail.SkipWhile(t => t.Action != "Approve").Where(t => t.Action != AuditActions.HeadmistressSent).ToList());
        Assert.Equal(StaffRole.Headmistress, concern.DecidedByRole);
        Assert.Equal(concern.ProposalSha256, concern.DecidedProposalSha256);
        Assert.Equal(concern.ProposalVersion, concern.DecidedProposalVersion);

        var copies = await CopiesAsync(app, id);
        var puts = app.Connector.Requests.Skip(before).Where(r => r.Method == "PUT").ToList();
        foreach (var copy in copies)
        {
            var last = puts.Last(p => p.Path.EndsWith("/activities/" + copy.ActivityId, StringComparison.Ordinal));
            var card = last.Json!["attachments"]![0]!["content"]!;
            Assert.Contains("Approved by", Text(card), StringComparison.Ordinal);
            Assert.Empty(card["refresh"]!["userIds"]!.AsArray());
            Assert.DoesNotContain("approve", Verbs(card));
        }

        var mail = Assert.Single(app.Graph.SentMail);
        Assert.Equal("office@stjohnspriory.example", mail.Sender);
        Assert.Equal(concern.LetterText, Message(mail.Body)["body"]!["content"]!.GetValue<string>());
        Assert.Equal("dan.price@example.org", Message(mail.Body)["toRecipients"]![0]!["emailAddress"]!["address"]!.GetValue<string>());
        var letter = Assert.Single(concern.Actions);
        Assert.Equal(ActionStatus.Done, letter.Status);
    }

    [Fact]
    public async Task The_same_click_delivered_twice_records_one_decision_and_the_second_sees_who_decided()
    {
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var data = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        var click = Execute(SignedBotApp.HeadmistressId, "approve", data);

        var first = await InvokeAsync(app, click);
        var second = await InvokeAsync(app, (JsonObject)click.DeepClone());

        Assert.Contains("Approved.", Text(first["value"]!), StringComparison.Ordinal);
        Assert.Contains("nothing was done", Text(second["value"]!), StringComparison.Ordinal);
        Assert.Contains("Approved by A member of staff", Text(second["value"]!), StringComparison.Ordinal);
        Assert.Single(await AuditAsync(app, id), a => a.Action == nameof(CaseAction.Approve));
    }

    [Fact]
    public async Task Clicks_at_the_same_moment_record_exactly_one_decision()
    {
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var data = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        var reject = (JsonObject)data.DeepClone();
        reject["comment"] = "Speak to him first.";

        var answers = await Task.WhenAll(
            InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", (JsonObject)data.DeepClone())),
            InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", (JsonObject)data.DeepClone())),
            InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "reject", reject)));

        await SettleAsync(app);

        var audit = await AuditAsync(app, id);
        var decisions = audit.Where(a => a.Action is nameof(CaseAction.Approve) or nameof(CaseAction.Reject)).ToList();
        Assert.Single(decisions);
        Assert.Equal(2, answers.Count(a => Text(a["value"]!).Contains("nothing was done", StringComparison.Ordinal)));

        // One version for the decision; an approval's letter outcome, recorded afterwards by the app, adds one more.
        var letterOutcomes = audit.Count(a => a.Action is AuditActions.LetterSent or AuditActions.LetterFailed);
        Assert.Equal(3 + letterOutcomes, (await ConcernAsync(app, id)).Version);
    }

    [Fact]
    public async Task Reject_needs_a_reason_and_request_changes_sends_it_back_to_SLT_who_propose_again()
    {
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var data = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "reject");

        var noReason = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "reject", (JsonObject)data.DeepClone()));
        Assert.Contains("say why", Text(noReason["value"]!), StringComparison.Ordinal);
        Assert.Equal(CaseState.Proposed, (await ConcernAsync(app, id)).State);

        var changes = (JsonObject)data.DeepClone();
        changes["comment"] = "Please make the letter shorter.";
        await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "requestChanges", changes));
        var back = await ConcernAsync(app, id);
        Assert.Equal(CaseState.ChangesRequested, back.State);
        Assert.Equal("Please make the letter shorter.", back.DecisionComment);

        // The SLT member's refresh shows the form again, with her comment on it.
        var refreshed = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "refreshCase", await DataAsync(app, id)));
        Assert.Contains("propose", Verbs(refreshed["value"]!));
        Assert.Contains("Please make the letter shorter.", Text(refreshed["value"]!), StringComparison.Ordinal);

        await ProposeAsync(app, id, "Dear Dan Price,\n\nShorter.\n");
        var again = await ConcernAsync(app, id);
        Assert.Equal(CaseState.Proposed, again.State);
        Assert.Equal(2, again.ProposalVersion);
        Assert.Contains(await AuditAsync(app, id), a => a.Action == nameof(CaseAction.Revise));
    }

    [Fact]
    public async Task An_edited_letter_is_approved_as_a_new_proposal_version_and_that_text_is_sent()
    {
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var data = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        data["letterText"] = "Dear Mr Price,\n\nHer own words.\n\nMrs Michelle Jenkin";

        await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", data));
        await SettleAsync(app);

        var concern = await ConcernAsync(app, id);
        Assert.Equal(2, concern.ProposalVersion);
        Assert.Equal(2, concern.DecidedProposalVersion);
        Assert.Equal("Dear Mr Price,\n\nHer own words.\n\nMrs Michelle Jenkin", concern.LetterText);
        Assert.Equal(concern.LetterText, Message(Assert.Single(app.Graph.SentMail).Body)["body"]!["content"]!.GetValue<string>());
        var approve = Assert.Single(await AuditAsync(app, id), a => a.Action == nameof(CaseAction.Approve));
        Assert.Contains("letterEdited", approve.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_older_than_the_maximum_age_shows_the_current_state_instead_of_acting()
    {
        var id = await LogConcernAsync(app);
        var data = await DataAsync(app, id);
        data["issuedAt"] = DateTimeOffset.UtcNow.AddDays(-15).ToUnixTimeSeconds();

        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose", ProposeData(data)));

        Assert.Contains("more than 14 days old", Text(answer["value"]!), StringComparison.Ordinal);
        Assert.Equal(CaseState.Logged, (await ConcernAsync(app, id)).State);
    }

    [Fact]
    public async Task A_button_from_an_older_version_of_the_case_changes_nothing()
    {
        var id = await LogConcernAsync(app);
        var old = await DataAsync(app, id);
        await ProposeAsync(app, id);

        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "withdraw", ProposeData(old)));

        Assert.Contains("changed after your card was shown", Text(answer["value"]!), StringComparison.Ordinal);
        Assert.Equal(CaseState.Proposed, (await ConcernAsync(app, id)).State);
    }

    [Fact]
    public async Task Only_the_Headmistress_can_decide_whatever_the_card_showed()
    {
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var data = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");

        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "approve", data));

        Assert.Contains("Only the Headmistress", Text(answer["value"]!), StringComparison.Ordinal);
        Assert.Equal(CaseState.Proposed, (await ConcernAsync(app, id)).State);
    }

    [Fact]
    public async Task An_acting_Headmistress_can_decide_and_the_decision_is_recorded_as_hers()
    {
        await app.App.WithDbAsync(async db =>
        {
            db.ActingHeadAppointments.Add(new ActingHeadAppointmentRecord
            {
                UserId = SignedBotApp.TeacherId,
                From = DateTimeOffset.UtcNow.AddDays(-1),
                Until = DateTimeOffset.UtcNow.AddDays(3),
                AppointedBy = SignedBotApp.HeadmistressId,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);

        // Her own 1:1 copy arrives too.
        Assert.Contains(await CopiesAsync(app, id), c => c.Purpose == CardPurpose.ActingHeadmistress);
        var refreshed = await InvokeAsync(app, Execute(SignedBotApp.TeacherId, "refreshCase", await DataAsync(app, id)));
        var data = CardData(refreshed["value"]!, "approve");
        await InvokeAsync(app, Execute(SignedBotApp.TeacherId, "approve", data));

        var concern = await ConcernAsync(app, id);
        Assert.Equal(StaffRole.ActingHeadmistress, concern.DecidedByRole);
        Assert.Equal(SignedBotApp.TeacherId, concern.DecidedByUserId);
        Assert.Equal("ActingHeadmistress", Assert.Single(await AuditAsync(app, id), a => a.Action == "Approve").ActorRole);
    }

    [Fact]
    public async Task SLT_membership_comes_from_the_directory_group_through_Graph_and_is_cached()
    {
        var id = await LogConcernAsync(app);
        var checksBefore = app.Graph.CountRequests("checkMemberGroups");

        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "refreshCase", await DataAsync(app, id)));
        var form = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "refreshCase", await DataAsync(app, id)));

        Assert.Contains("propose", Verbs(form["value"]!));
        // The channel command already asked once for this user; both refreshes came from the cache.
        Assert.Equal(checksBefore, app.Graph.CountRequests("checkMemberGroups"));
        Assert.Contains(app.Graph.Requests, r => r.Path == $"/users/{SignedBotApp.SltMemberId}/checkMemberGroups");
    }
}

public sealed class HeadmistressDeliveryTests : IAsyncDisposable
{
    private SignedBotApp? app;

    [Fact]
    public async Task When_the_app_is_not_installed_for_the_Headmistress_it_is_installed_through_Graph_and_the_card_sent()
    {
        app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["Teams:CatalogAppId"] = "catalog-app-1" });
        var id = await LogConcernAsync(app, installHeadmistress: false);

        await ProposeAsync(app, id);
        await SettleAsync(app);

        var install = Assert.Single(app.Graph.Installs);
        Assert.Equal(SignedBotApp.HeadmistressId, install.UserId);
        Assert.EndsWith("/appCatalogs/teamsApps/catalog-app-1", install.TeamsAppBind, StringComparison.Ordinal);
        var create = Assert.Single(app.Connector.Requests, r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.Equal(SignedBotApp.HeadmistressId, create.Json!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Contains(await CopiesAsync(app, id), c => c.Purpose == CardPurpose.Headmistress);
        Assert.Null((await ConcernAsync(app, id)).HeadmistressDeliveryProblem);
    }

    [Fact]
    public async Task When_the_Headmistress_cannot_be_reached_the_SLT_card_says_so_plainly()
    {
        app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["Teams:CatalogAppId"] = "catalog-app-1" });
        app.Graph.Fail("installedApps", 403);
        var id = await LogConcernAsync(app, installHeadmistress: false);

        await ProposeAsync(app, id);
        await SettleAsync(app);

        Assert.NotNull((await ConcernAsync(app, id)).HeadmistressDeliveryProblem);
        var slt = app.Connector.Requests.Last(r => r.Method == "PUT" && r.Path.Contains("19%3Aslt", StringComparison.Ordinal));
        Assert.Contains("send this proposal to the Headmistress in Teams", slt.Body, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(app, id), a => a.Action == "HeadmistressNotReached");
    }

    [Fact]
    public async Task A_proposal_not_decided_in_time_reminds_the_Headmistress_once_and_shows_overdue_to_SLT()
    {
        app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["Decisions:RemindAfter"] = "00:00:01" });
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        Assert.Null((await ConcernAsync(app, id)).ReminderSentAt);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await SettleAsync(app);
        await SettleAsync(app);

        Assert.NotNull((await ConcernAsync(app, id)).ReminderSentAt);
        var reminders = app.Connector.Requests.Where(r => r.Method == "POST" && r.Body.Contains("Reminder: this proposal has waited", StringComparison.Ordinal)).ToList();
        Assert.Single(reminders);
        var slt = app.Connector.Requests.Last(r => r.Method == "PUT" && r.Path.Contains("19%3Aslt", StringComparison.Ordinal));
        Assert.Contains("Overdue", slt.Body, StringComparison.Ordinal);
        Assert.Single(await AuditAsync(app, id), a => a.Action == "ReminderSent");
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
