using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;

using static StaffConductAssistant.Tests.Playground.PlaygroundCards;

namespace StaffConductAssistant.Tests.Playground;

/// <summary>
/// Issue 12's "Done when", in the Microsoft 365 Agents Playground with the app in local mode (no mailbox, no Graph), as
/// the README runs it: SLT (Alex Wilber) propose a cautionary notice and a meeting, the Headmistress (Megan Bowen)
/// approves in her own window, the letter appears as an .eml and the booked meeting as an .ics in the outbox folder
/// beside the database, and SLT's card shows both done.
/// </summary>
[Collection(PlaygroundTestGroup.Name)]
public sealed class CarryOutPlaygroundTests : IAsyncLifetime, IDisposable
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
    public async Task The_Headmistress_approves_a_cautionary_notice_and_a_meeting_the_eml_and_ics_appear_in_the_outbox_and_SLT_see_both_done()
    {
        await slt.InstallAsync();
        await head.InstallAsync();
        await slt.WaitForAsync(e => e.Action == "createMessage", what: "the welcome");
        await head.WaitForAsync(e => e.Action == "createMessage", what: "the welcome");

        // Alex logs the emailed concern from the message's "..." menu, as the README's step 4.
        var form = await OpenLogFormAsync(slt, "emailed-post-1", "01-staff-criticism-year4.eml");
        await slt.InvokeAsync("composeExtension/submitAction", new JsonObject { ["commandId"] = "logConcern", ["commandContext"] = "message", ["data"] = FormData(form) });
        var logged = await slt.WaitForAsync(e => e.Action == "createMessage" && Mentions(e, "WhatsApp concern #1"), what: "the concern card");

        // He proposes both responses, with the cautionary notice as the letter (step 5).
        var formCard = (await slt.ExecuteAsync(logged.MessageId, "refreshCase", ButtonData(logged.Card!, null)))?["value"] as JsonObject
            ?? throw new Xunit.Sdk.XunitException("No proposal form");
        var propose = ButtonData(formCard, "propose");
        propose["responses"] = "cautionary-notice,meeting";
        propose["reason"] = "Personal criticism of a teacher in front of the group; a caution, and a meeting to hear the parent.";
        propose["letterTemplate"] = "cautionary-notice";
        propose["letterText"] = Input(formCard, "letterText");
        var proposed = await slt.ExecuteAsync(logged.MessageId, "propose", propose);
        Assert.Contains("Sent to the Headmistress", proposed?.ToJsonString(), StringComparison.Ordinal);

        // Megan approves in her window.
        var decision = await head.WaitForAsync(e => e.Action == "createMessage" && Verbs(e.Card).Contains("approve"), what: "her decision card");
        var approved = await head.ExecuteAsync(decision.MessageId, "approve", ButtonData(decision.Card!, "approve"));
        Assert.Contains("Approved. Everyone", approved?.ToJsonString(), StringComparison.Ordinal);

        // The letter is written to outbox/ beside the database at once; SLT's card offers to book the meeting.
        var outbox = Path.Combine(app.DataDirectory, "outbox");
        var toBook = await slt.WaitForAsync(e => e.Action == "updateMessage" && e.MessageId == logged.MessageId && Verbs(e.Card).Contains("bookMeeting") && Mentions(e, "Cautionary notice: Done"),
            TimeSpan.FromSeconds(30), "the card with the letter done and the meeting to book");
        var eml = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(outbox, "*.eml")));
        Assert.Contains("Megan Bowen", eml, StringComparison.Ordinal);
        Assert.Contains("Headmistress", eml, StringComparison.Ordinal);

        // Alex books it: date, time, place and the senior colleague. Local mode writes the invitation as an .ics.
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7));
        var book = ButtonData(toBook.Card!, "bookMeeting");
        book["meetingDate"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        book["meetingTime"] = "10:00";
        book["meetingPlace"] = "The Headmistress's study";
        book["meetingColleague"] = "megan.bowen@stjohnspriory.example";
        var booked = await slt.ExecuteAsync(toBook.MessageId, "bookMeeting", book);
        Assert.Contains("Booked for", booked?.ToJsonString(), StringComparison.Ordinal);

        var ics = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(outbox, "*.ics")));
        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.Contains("The Headmistress's study", ics.Replace("\r\n ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        // SLT's card (every copy, through the app's PUT) shows both done and the case closed.
        var done = await slt.WaitForAsync(e => e.Action == "updateMessage" && e.MessageId == logged.MessageId && Mentions(e, "Closed: every approved action is done"),
            TimeSpan.FromSeconds(30), "the closed card");
        Assert.Contains("Cautionary notice", done.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Meeting", done.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("To do", done.Card!.ToJsonString(), StringComparison.Ordinal);

        var concern = await app.WithDbAsync(db => db.Concerns.AsNoTracking().Include(c => c.Actions).SingleAsync());
        Assert.Equal(CaseState.Closed, concern.State);
        Assert.All(concern.Actions, a => Assert.Equal(ActionStatus.Done, a.Status));
        Assert.Equal(["cautionary-notice", "meeting"], concern.Actions.OrderBy(a => a.Id).Select(a => a.ResponseId));
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == AuditSubjects.Case(concern.Id)).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.LetterWritten, audit);
        Assert.Contains(AuditActions.MeetingBooked, audit);
    }
}
