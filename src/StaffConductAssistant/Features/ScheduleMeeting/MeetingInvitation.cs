using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.ScheduleMeeting;

/// <summary>
/// What the parent receives for a meeting: the approved invitation letter as its text, the colleague as organiser.
/// As an iCalendar file (RFC 5545: METHOD:REQUEST, or METHOD:CANCEL once called off, SEQUENCE for each change) in the
/// outbox folder, or as a Graph event (<see cref="CalendarMeeting"/>).
/// </summary>
public sealed class MeetingInvitation(LetterFolder folder, LetterTemplates letters, TimeProvider clock)
{
    public const string Subject = "St John's Priory School: meeting about the WhatsApp group";

    public string? Folder => folder.Path;

    public static string FileNameFor(CaseMeeting m) => FormattableString.Invariant($"case-{m.ConcernId}-meeting-{m.ActionId}.ics");

    /// <summary>The approved invitation letter, signed by whoever decided; a plain line when no letter was approved for the meeting.</summary>
    public string Letter(Concern c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.LetterText is { } text && letters.Find(c.LetterTemplateId)?.ResponseId == ResponseIds.Meeting
            ? LetterTemplates.Sign(text, c)
            : $"A meeting about a message posted in the {c.Group} class WhatsApp group.";
    }

    public CalendarMeeting ForGraph(Concern c, CaseMeeting m)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(m);
        return new CalendarMeeting(Subject, Letter(c), m.Start, m.End, m.Place, c.LetterRecipientEmail, c.PostedBy);
    }

    /// <summary>Writes (or writes again, after a change) the meeting's .ics; returns its file name.</summary>
    public async Task<string> WriteAsync(Concern c, CaseMeeting m, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(m);
        var path = folder.Path ?? throw new InvalidOperationException("No folder is set for letters (Letters:OutboxFolder).");
        m.ConcernId = c.Id;
        var e = new CalendarEvent
        {
            Uid = m.TransactionId,
            Sequence = m.Sequence,
            Summary = Subject,
            Location = m.Place,
            Description = Letter(c),
            DtStart = new CalDateTime(m.Start.UtcDateTime, "UTC"),
            DtEnd = new CalDateTime(m.End.UtcDateTime, "UTC"),
            DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime, "UTC"),
            Organizer = new Organizer("mailto:" + m.Colleague),
            Status = m.CancelledAt is null ? "CONFIRMED" : "CANCELLED",
        };
        if (c.LetterRecipientEmail is { Length: > 0 } parent)
        {
            e.Attendees.Add(new Attendee("mailto:" + parent) { CommonName = c.PostedBy, Rsvp = true, Role = "REQ-PARTICIPANT" });
        }

        var calendar = new Calendar { Method = m.CancelledAt is null ? "REQUEST" : "CANCEL" };
        calendar.Events.Add(e);
        var ics = new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
        Directory.CreateDirectory(path);
        var name = FileNameFor(m);
        var target = Path.Combine(path, name);

        // Written beside the target and moved into place, so a reader never sees half an invitation.
        await File.WriteAllTextAsync(target + ".tmp", ics, ct);
        File.Move(target + ".tmp", target, overwrite: true);
        return name;
    }
}
