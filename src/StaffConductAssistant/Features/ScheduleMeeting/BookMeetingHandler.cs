using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.ScheduleMeeting;

/// <summary>
/// SLT book the approved meeting: date, time, place and the senior colleague. The invitation is an iCalendar
/// request (RFC 5545, METHOD:REQUEST) organised by the colleague with the parent invited and the approved invitation
/// letter as its description, written to the outbox folder (local mode). Booked, the meeting action is done.
/// </summary>
public sealed class BookMeetingHandler(AppDbContext db, CaseChanges changes, LetterFolder folder, LetterTemplates letters)
{
    /// <summary>Meetings are at school, so their times are the school's (UK) local time.</summary>
    public static readonly TimeZoneInfo SchoolTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static readonly TimeSpan Length = TimeSpan.FromMinutes(30);

    public async Task<CaseOutcome> BookAsync(CaseStep x, BookMeeting command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        var meeting = c.Actions.FirstOrDefault(a => a.Id == command.ActionId);
        if (meeting is null || meeting.ResponseId != ResponseIds.Meeting || meeting.Status != ActionStatus.Pending || meeting.ExternalId is not null)
        {
            return CaseOutcome.Problem("That meeting is not waiting to be booked, so nothing has changed.");
        }

        if (!DateOnly.TryParseExact(command.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !TimeOnly.TryParseExact(command.Time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return CaseOutcome.Problem("Choose the meeting's date and time. Nothing has changed.");
        }

        if (string.IsNullOrWhiteSpace(command.Place) || command.Colleague is null || !MailAddress.TryCreate(command.Colleague, out var colleague))
        {
            return CaseOutcome.Problem("Give the place and the senior colleague's email address. Nothing has changed.");
        }

        var start = new DateTimeOffset(date.ToDateTime(time), SchoolTime.GetUtcOffset(date.ToDateTime(time)));
        if (start <= x.At)
        {
            return CaseOutcome.Problem("The meeting must be in the future. Nothing has changed.");
        }

        if (folder.Path is null)
        {
            return CaseOutcome.Problem("There is no outbox folder to write the invitation to (Letters:OutboxFolder). Nothing has changed.");
        }

        var uid = FormattableString.Invariant($"case-{c.Id}-meeting-{meeting.Id}@staff-conduct-assistant");
        var ics = Invitation(uid, c, start, command.Place.Trim(), colleague.Address, x.At);
        Directory.CreateDirectory(folder.Path);
        var file = FormattableString.Invariant($"case-{c.Id}-meeting-{meeting.Id}.ics");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, file), ics, ct);

        var when = start.ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));
        meeting.Status = ActionStatus.Done;
        meeting.CompletedAt = x.At;
        meeting.CompletedByUserId = x.UserId;
        meeting.ExternalId = uid;
        meeting.Detail = $"booked for {when}, {command.Place.Trim()}, with {colleague.Address}; the invitation is {file} in the outbox folder";
        AuditLog.Record(db, x.UserId, x.Role.ToString(), AuditActions.MeetingBooked, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { actionId = meeting.Id, start }));
        var closed = ConcernActions.AllDone(c);
        if (closed)
        {
            changes.Step(x, CaseAction.Close, null, x.At.AddMilliseconds(1));
        }

        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done($"Booked for {when}." + (closed ? " Every approved action is done, so the case is closed." : string.Empty));
    }

    /// <summary>The iCalendar request: the colleague organises it, the parent is invited when the letter has an address.</summary>
    private string Invitation(string uid, Concern c, DateTimeOffset start, string place, string colleague, DateTimeOffset now)
    {
        var letter = c.LetterText is { } text && letters.Find(c.LetterTemplateId)?.ResponseId == ResponseIds.Meeting
            ? LetterTemplates.Sign(text, c)
            : $"A meeting about a message posted in the {c.Group} class WhatsApp group.";
        var e = new CalendarEvent
        {
            Uid = uid,
            Summary = "St John's Priory School: meeting about the WhatsApp group",
            Location = place,
            Description = letter,
            DtStart = new CalDateTime(start.UtcDateTime, "UTC"),
            DtEnd = new CalDateTime(start.Add(Length).UtcDateTime, "UTC"),
            DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            Organizer = new Organizer("mailto:" + colleague),
        };
        if (c.LetterRecipientEmail is { Length: > 0 } parent)
        {
            e.Attendees.Add(new Attendee("mailto:" + parent) { CommonName = c.PostedBy, Rsvp = true, Role = "REQ-PARTICIPANT" });
        }

        var calendar = new Ical.Net.Calendar { Method = "REQUEST" };
        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }
}
