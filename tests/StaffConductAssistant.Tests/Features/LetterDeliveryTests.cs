using Microsoft.EntityFrameworkCore;
using MimeKit;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>Exactly once: each letter's marker header, Sent Items searched before any resend. Through /api/messages and the Graph stand-in.</summary>
public sealed class LetterDeliveryTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        ["Letters:SenderMailbox"] = "office@stjohnspriory.example",

        // Long enough for one retry after a 1 s Retry-After; short enough that a lost answer is a timeout soon.
        ["Graph:Timeout"] = "00:00:03",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task After_Graph_accepted_the_letter_but_the_answer_was_lost_Try_sending_again_finds_it_in_Sent_Items_and_sends_nothing()
    {
        app.Graph.SendMailScript.Enqueue(SendMailAnswer.Lost);
        var id = await ApproveAsync(app);

        var (_, mail) = Assert.Single(app.Graph.SentMail);
        var marker = Assert.Single(mail["Message"]!["internetMessageHeaders"]!.AsArray());
        Assert.Equal("X-SCA-Letter-Id", marker!["name"]!.GetValue<string>());
        var action = Assert.Single((await ConcernAsync(app, id)).Actions);
        Assert.Equal(ActionStatus.Failed, action.Status);
        Assert.Equal($"case-{id}-action-{action.Id}-v1", marker["value"]!.GetValue<string>());
        var card = LastChannelCard(app);
        Assert.Contains("not known whether the email went", Text(card), StringComparison.Ordinal);

        var retry = CardData(card, CaseVerbs.RetryLetter);
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.RetryLetter, retry, SltChannelId, "channel"));
        await SettleAsync(app);

        Assert.Single(app.Graph.SentMail);
        Assert.Equal(1, app.Graph.CountRequests("/sendMail"));
        Assert.Equal(1, app.Graph.CountRequests("/mailFolders/SentItems/messages"));
        Assert.Equal(ActionStatus.Done, Assert.Single((await ConcernAsync(app, id)).Actions).Status);

        // The same button again (a double click, an old copy of the card) sends nothing either.
        var again = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.RetryLetter, retry, SltChannelId, "channel"));
        await SettleAsync(app);
        Assert.Contains("nothing", Text(again), StringComparison.OrdinalIgnoreCase);
        Assert.Single(app.Graph.SentMail);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_the_letter_goes_once()
    {
        app.Graph.SendMailScript.Enqueue(new SendMailAnswer(429, RetryAfterSeconds: 1));
        var id = await ApproveAsync(app);

        Assert.Single(app.Graph.SentMail);
        Assert.Equal(2, app.Graph.CountRequests("/sendMail"));
        Assert.Equal(ActionStatus.Done, Assert.Single((await ConcernAsync(app, id)).Actions).Status);
    }

    [Fact]
    public async Task After_503_three_times_the_letter_shows_failed_and_Try_sending_again_looks_first_then_sends_it_once()
    {
        for (var i = 0; i < 3; i++)
        {
            app.Graph.SendMailScript.Enqueue(new SendMailAnswer(503));
        }

        var id = await ApproveAsync(app);
        Assert.Empty(app.Graph.SentMail);
        Assert.Equal(ActionStatus.Failed, Assert.Single((await ConcernAsync(app, id)).Actions).Status);
        Assert.Contains("The email could not be sent", Text(LastChannelCard(app)), StringComparison.Ordinal);

        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.RetryLetter, CardData(LastChannelCard(app), CaseVerbs.RetryLetter), SltChannelId, "channel"));
        await SettleAsync(app);

        Assert.Single(app.Graph.SentMail);
        Assert.Equal(1, app.Graph.CountRequests("/mailFolders/SentItems/messages"));
        Assert.Equal(ActionStatus.Done, Assert.Single((await ConcernAsync(app, id)).Actions).Status);
    }

    internal static async Task<int> ApproveAsync(SignedBotApp app, string responses = "cautionary-notice")
    {
        var id = await LogConcernAsync(app);
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose", ProposeData(await DataAsync(app, id), responses: responses), SltChannelId + ";messageid=activity-1", "channel", "activity-1"));
        await SettleAsync(app);
        var approve = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", approve));
        await SettleAsync(app);
        return id;
    }

    internal static System.Text.Json.Nodes.JsonNode LastChannelCard(SignedBotApp app) =>
        app.Connector.Requests.Last(r => r.Method is "POST" or "PUT" && r.Path.Contains("19%3Aslt", StringComparison.Ordinal) && r.Json?["attachments"] is not null)
            .Json!["attachments"]![0]!["content"]!;
}

/// <summary>Local mode: with no school mailbox, an approved letter is an .eml file in outbox/ beside the database.</summary>
public sealed class LocalOutboxTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_case_with_no_approved_letter_has_no_printable_page()
    {
        var id = await LogConcernAsync(app);
        using var slt = app.TabClient(SignedBotApp.SltMemberId);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await slt.GetAsync($"api/tab/concerns/{id}/letter")).StatusCode);
    }

    [Fact]
    public async Task With_no_mailbox_the_approved_letter_is_written_once_as_an_eml_file_and_shown_done_on_the_card()
    {
        var id = await LetterDeliveryTests.ApproveAsync(app);

        var action = Assert.Single((await ConcernAsync(app, id)).Actions);
        Assert.Equal(ActionStatus.Done, action.Status);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(app.App.DataDirectory, "outbox")));
        Assert.Equal($"case-{id}-action-{action.Id}-v1.eml", Path.GetFileName(file));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal($"case-{id}-action-{action.Id}-v1", message.Headers["X-SCA-Letter-Id"]);
        Assert.Equal("dan.price@example.org", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("Dear Dan Price,\n\nA cautionary notice.\n\nMrs Michelle Jenkin", message.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Empty(app.Graph.SentMail);
        var card = Text(LetterDeliveryTests.LastChannelCard(app));
        Assert.Contains($"Done: written to the outbox folder as case-{id}-action-{action.Id}-v1.eml", card, StringComparison.Ordinal);
        Assert.Contains("The app wrote the approved letter to the outbox folder", card, StringComparison.Ordinal);
        Assert.Contains(await app.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Select(a => a.Action).ToListAsync()), a => a == AuditActions.LetterWritten);

        // The printable page: the same approved text, for schools that post letters.
        using var slt = app.TabClient(SignedBotApp.SltMemberId);
        var page = await slt.GetAsync($"api/tab/concerns/{id}/letter");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<p>A cautionary notice.</p>", html, StringComparison.Ordinal);
        Assert.Contains("St John&#39;s Priory School: our WhatsApp groups code of conduct", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SLT_book_the_approved_meeting_and_its_invitation_is_written_as_an_ics_with_the_parent_invited()
    {
        var id = await LetterDeliveryTests.ApproveAsync(app, "cautionary-notice,meeting");
        var card = LetterDeliveryTests.LastChannelCard(app);
        Assert.Contains("Meeting: To do", Text(card), StringComparison.Ordinal);
        var book = CardData(card, CaseVerbs.BookMeeting);
        var day = DateOnly.FromDateTime(app.Now.UtcDateTime).AddDays(3);
        book["meetingDate"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        book["meetingTime"] = "10:30";
        book["meetingPlace"] = "The Headmistress's study";
        book["meetingColleague"] = "deputy.head@stjohnspriory.example";

        var teacher = await InvokeAsync(app, Execute(SignedBotApp.TeacherId, CaseVerbs.BookMeeting, book));
        Assert.Contains("Only SLT can book a meeting", Text(teacher), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(app.App.DataDirectory, "outbox"), "*.ics"));

        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.BookMeeting, book, SltChannelId, "channel"));
        await SettleAsync(app);

        Assert.Contains("Booked for", Text(answer), StringComparison.Ordinal);
        var ics = (await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(app.App.DataDirectory, "outbox"), "*.ics")))).Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("METHOD:REQUEST", ics, StringComparison.Ordinal);
        Assert.Contains("ORGANIZER:mailto:deputy.head@stjohnspriory.example", ics, StringComparison.Ordinal);
        Assert.Contains("mailto:dan.price@example.org", ics, StringComparison.Ordinal);
        Assert.Contains("LOCATION:The Headmistress's study", ics, StringComparison.Ordinal);
        var concern = await ConcernAsync(app, id);
        Assert.Equal(CaseState.Closed, concern.State);
        Assert.All(concern.Actions, a => Assert.Equal(ActionStatus.Done, a.Status));
        Assert.Single(Directory.GetFiles(Path.Combine(app.App.DataDirectory, "outbox"), "*.eml"));
        Assert.Contains("Done: booked for", Text(LetterDeliveryTests.LastChannelCard(app)), StringComparison.Ordinal);
    }
}
