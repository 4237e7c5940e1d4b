using System.Globalization;
using System.Text.Json.Nodes;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// Meetings in calendars: SLT book the approved meeting on the card and the app creates the event in the senior
/// colleague's calendar through Graph (POST /users/{id}/events, the parent invited, the invitation letter its body),
/// exactly once; moving it PATCHes the event and cancelling cancels it. Through /api/messages and the Graph stand-in.
/// </summary>
public sealed class MeetingCalendarTests : IAsyncLifetime
{
    private const string Colleague = "deputy.head@stjohnspriory.example";
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        ["Letters:SenderMailbox"] = "office@stjohnspriory.example",
        ["Graph:Timeout"] = "00:00:02",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Booking_creates_the_event_in_the_colleagues_calendar_with_the_parent_invited_and_moving_and_cancelling_update_it()
    {
        var id = await ApproveMeetingAsync(app);
        Assert.Empty(app.Graph.SentMail); // The invitation goes with the meeting, not as an email of its own.
        var day = DateOnly.FromDateTime(app.Now.UtcDateTime).AddDays(5);

        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.BookMeeting, Book(LetterDeliveryTests.LastChannelCard(app), day, "10:30"), SltChannelId, "channel"));
        await SettleAsync(app);

        Assert.Contains($"goes in {Colleague}'s calendar", Plain(answer), StringComparison.Ordinal);
        var (mailbox, e) = Assert.Single(app.Graph.Events).Value;
        Assert.Equal(Colleague, mailbox);
        var concern = await ConcernAsync(app, id);
        var action = Assert.Single(concern.Actions);
        Assert.Equal(ActionStatus.Done, action.Status);
        Assert.Equal($"case-{id}-meeting-{action.Id}@staff-conduct-assistant", e["transactionId"]!.GetValue<string>());
        var attendee = Assert.Single(e["attendees"]!.AsArray())!;
        Assert.Equal("dan.price@example.org", attendee["emailAddress"]!["address"]!.GetValue<string>());
        var body = e["body"]!["content"]!.GetValue<string>();
        Assert.Contains("Please come into school to talk about it.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("{signature}", body, StringComparison.Ordinal);
        Assert.EndsWith("Headmistress", body.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(LondonToUtc(day, 10, 30), e["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("The Headmistress's study", e["location"]!["displayName"]!.GetValue<string>());
        Assert.Contains($"in {Colleague}'s calendar, with the parent invited", Plain(LetterDeliveryTests.LastChannelCard(app)), StringComparison.Ordinal);
        Assert.Equal(CaseState.Closed, concern.State);

        // Moved: the same event is changed (PATCH), never a second one.
        var move = CardData(LetterDeliveryTests.LastChannelCard(app), CaseVerbs.RescheduleMeeting);
        move["meetingDate"] = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        move["meetingTime"] = "14:00";
        var teacher = await InvokeAsync(app, Execute(SignedBotApp.TeacherId, CaseVerbs.RescheduleMeeting, move));
        Assert.Contains("Only SLT can move a meeting", Text(teacher), StringComparison.Ordinal);
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.RescheduleMeeting, move, SltChannelId, "channel"));
        await SettleAsync(app);

        Assert.Single(app.Graph.Events);
        Assert.Equal(1, app.Graph.Requests.Count(r => r.Method == "PATCH" && r.Path.Contains("/events/", StringComparison.Ordinal)));
        Assert.Equal(LondonToUtc(day.AddDays(1), 14, 0), Assert.Single(app.Graph.Events).Value.Event["start"]!["dateTime"]!.GetValue<string>());
        Assert.Contains("moved to", Text(LetterDeliveryTests.LastChannelCard(app)), StringComparison.Ordinal);

        // Cancelled: the organiser's cancel, with what the parent is told.
        var cancel = CardData(LetterDeliveryTests.LastChannelCard(app), CaseVerbs.CancelMeeting);
        cancel["meetingCancelReason"] = "We have resolved this by telephone instead.";
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.CancelMeeting, cancel, SltChannelId, "channel"));
        await SettleAsync(app);

        var (cancelledId, comment) = Assert.Single(app.Graph.CancelledEvents);
        Assert.Equal(Assert.Single(app.Graph.Events).Key, cancelledId);
        Assert.Equal("We have resolved this by telephone instead.", comment);
        Assert.Equal(ActionStatus.Cancelled, Assert.Single((await ConcernAsync(app, id)).Actions).Status);
        Assert.DoesNotContain(CaseVerbs.RescheduleMeeting, Verbs(LetterDeliveryTests.LastChannelCard(app)));
        Assert.Equal(1, app.Graph.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/events", StringComparison.Ordinal)));
        var trail = (await AuditAsync(app, id)).Select(a => a.Action).ToList();
        Assert.Contains(AuditActions.MeetingMoved, trail);
        Assert.Contains(AuditActions.MeetingCancelled, trail);
    }

    [Fact]
    public async Task When_the_create_was_accepted_but_its_answer_lost_booking_again_finds_the_event_and_creates_none()
    {
        app.Graph.CreateEventScript.Enqueue(SendMailAnswer.Lost);
        var id = await ApproveMeetingAsync(app);
        var day = DateOnly.FromDateTime(app.Now.UtcDateTime).AddDays(5);
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.BookMeeting, Book(LetterDeliveryTests.LastChannelCard(app), day, "10:30"), SltChannelId, "channel"));
        await SettleAsync(app);

        Assert.Single(app.Graph.Events); // Graph created it; the app never heard.
        Assert.Equal(ActionStatus.Failed, Assert.Single((await ConcernAsync(app, id)).Actions).Status);
        var card = LetterDeliveryTests.LastChannelCard(app);
        Assert.Contains("could not be put in", Text(card), StringComparison.Ordinal);

        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.BookMeeting, Book(card, day, "11:00"), SltChannelId, "channel"));
        await SettleAsync(app);

        Assert.Single(app.Graph.Events);
        Assert.Equal(1, app.Graph.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/events", StringComparison.Ordinal)));
        Assert.True(app.Graph.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/events", StringComparison.Ordinal)) >= 2);
        Assert.Equal(ActionStatus.Done, Assert.Single((await ConcernAsync(app, id)).Actions).Status);

        // The booking made last is the one in the calendar.
        Assert.Equal(LondonToUtc(day, 11, 0), Assert.Single(app.Graph.Events).Value.Event["start"]!["dateTime"]!.GetValue<string>());
    }

    /// <summary>SLT propose a meeting with the invitation letter; the Headmistress approves it.</summary>
    internal static async Task<int> ApproveMeetingAsync(SignedBotApp app)
    {
        var id = await LogConcernAsync(app);
        var data = ProposeData(await DataAsync(app, id), responses: "meeting", letterTemplate: "meeting-invitation",
            letterText: "Dear Dan Price,\n\nPlease come into school to talk about it.\n\nYours sincerely,\n\n{signature}");
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose", data, SltChannelId + ";messageid=activity-1", "channel", "activity-1"));
        await SettleAsync(app);
        var approve = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", approve));
        await SettleAsync(app);
        return id;
    }

    internal static JsonObject Book(JsonNode card, DateOnly day, string time)
    {
        var book = CardData(card, CaseVerbs.BookMeeting);
        book["meetingDate"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        book["meetingTime"] = time;
        book["meetingPlace"] = "The Headmistress's study";
        book["meetingColleague"] = Colleague;
        return book;
    }

    /// <summary>The card's text as a person reads it (no JSON escapes for apostrophes).</summary>
    internal static string Plain(JsonNode card) => card.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string LondonToUtc(DateOnly day, int hour, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        return TimeZoneInfo.ConvertTimeToUtc(local, london).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }
}

/// <summary>Local mode: the meeting's .ics is written again when it moves (a higher SEQUENCE), and as a cancellation.</summary>
public sealed class LocalMeetingTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Moving_and_cancelling_write_the_ics_again_with_the_next_sequence_and_then_as_a_cancellation()
    {
        var id = await MeetingCalendarTests.ApproveMeetingAsync(app);
        var day = DateOnly.FromDateTime(app.Now.UtcDateTime).AddDays(4);
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.BookMeeting, MeetingCalendarTests.Book(LetterDeliveryTests.LastChannelCard(app), day, "09:00"), SltChannelId, "channel"));
        await SettleAsync(app);
        var outbox = Path.Combine(app.App.DataDirectory, "outbox");
        var file = Assert.Single(Directory.GetFiles(outbox, "*.ics"));
        Assert.Empty(Directory.GetFiles(outbox, "*.eml")); // The invitation letter is in the .ics.
        var ics = Unfold(await File.ReadAllTextAsync(file));
        Assert.Contains("SEQUENCE:0", ics, StringComparison.Ordinal);
        Assert.Contains("Please come into school to talk about it.", ics, StringComparison.Ordinal);

        var move = CardData(LetterDeliveryTests.LastChannelCard(app), CaseVerbs.RescheduleMeeting);
        move["meetingDate"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        move["meetingTime"] = "15:15";
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.RescheduleMeeting, move, SltChannelId, "channel"));
        await SettleAsync(app);
        ics = Unfold(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(outbox, "*.ics"))));
        Assert.Contains("SEQUENCE:1", ics, StringComparison.Ordinal);
        Assert.Contains("METHOD:REQUEST", ics, StringComparison.Ordinal);

        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.CancelMeeting, CardData(LetterDeliveryTests.LastChannelCard(app), CaseVerbs.CancelMeeting), SltChannelId, "channel"));
        await SettleAsync(app);
        ics = Unfold(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(outbox, "*.ics"))));
        Assert.Contains("METHOD:CANCEL", ics, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", ics, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:2", ics, StringComparison.Ordinal);
        Assert.Equal(ActionStatus.Cancelled, Assert.Single((await ConcernAsync(app, id)).Actions).Status);
    }

    private static string Unfold(string ics) => ics.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\,", ",", StringComparison.Ordinal);
}
