using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.ScheduleMeeting;

/// <summary>
/// SLT book the approved meeting: date, time, place and the senior colleague. With the school's mailbox connected
/// (Letters:SenderMailbox and Graph), the app puts the event in that colleague's calendar through the outbox, the
/// parent invited and the approved invitation letter as its body (<see cref="MeetingCalendarHandler"/>). Otherwise
/// (local mode) the invitation is an iCalendar request in the outbox folder. Moving or cancelling it updates the event
/// (or writes the .ics again, with a higher SEQUENCE).
/// </summary>
public sealed class BookMeetingHandler(AppDbContext db, CaseChanges changes, MeetingInvitation invitation, IOptions<LetterOptions> options, GraphClientHolder graph)
{
    /// <summary>Meetings are at school, so their times are the school's (UK) local time.</summary>
    public static readonly TimeZoneInfo SchoolTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static readonly TimeSpan Length = TimeSpan.FromMinutes(30);

    /// <summary>The event goes in the colleague's calendar through Graph when the school's mailbox is connected.</summary>
    private bool UsesCalendar => !string.IsNullOrWhiteSpace(options.Value.SenderMailbox) && graph.Client is not null;

    public async Task<CaseOutcome> BookAsync(CaseStep x, BookMeeting command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        var action = c.Actions.FirstOrDefault(a => a.Id == command.ActionId);
        if (action is null || action.ResponseId != ResponseIds.Meeting || action.Status is not (ActionStatus.Pending or ActionStatus.Failed) || action.ExternalId is not null)
        {
            return CaseOutcome.Problem("That meeting is not waiting to be booked, so nothing has changed.");
        }

        if (ReadStart(command.Date, command.Time, x.At) is not { } start)
        {
            return CaseOutcome.Problem("Choose the meeting's date and time, in the future. Nothing has changed.");
        }

        if (string.IsNullOrWhiteSpace(command.Place) || command.Colleague is null || !MailAddress.TryCreate(command.Colleague, out var colleague))
        {
            return CaseOutcome.Problem("Give the place and the senior colleague's email address. Nothing has changed.");
        }

        if (!UsesCalendar && invitation.Folder is null)
        {
            return CaseOutcome.Problem("There is no outbox folder to write the invitation to (Letters:OutboxFolder). Nothing has changed.");
        }

        var meeting = c.Meetings.FirstOrDefault(m => m.ActionId == action.Id);
        if (meeting is null)
        {
            meeting = new CaseMeeting
            {
                ActionId = action.Id,
                TransactionId = FormattableString.Invariant($"case-{c.Id}-meeting-{action.Id}@staff-conduct-assistant"),
                Place = command.Place.Trim(),
                Colleague = colleague.Address,
                UpdatedByUserId = x.UserId,
            };
            c.Meetings.Add(meeting);
        }
        else
        {
            // Booked again after the calendar failed: the same transaction id, so Graph never holds it twice.
            meeting.Sequence++;
        }

        meeting.Start = start;
        meeting.End = start + Length;
        meeting.Place = command.Place.Trim();
        meeting.Colleague = colleague.Address;
        meeting.UpdatedAt = x.At;
        meeting.UpdatedByUserId = x.UserId;
        meeting.CancelledAt = null;

        // Claimed now, so the booking form is not offered again while the calendar is being written.
        action.ExternalId = meeting.TransactionId;
        var when = When(start);
        string note;
        if (UsesCalendar)
        {
            action.Status = ActionStatus.Pending;
            action.Detail = $"putting the meeting in {colleague.Address}'s calendar for {when}, {meeting.Place}";
            Outbox.Enqueue(db, MeetingCalendarHandler.Kind, new SyncMeeting(c.Id, action.Id, meeting.Sequence), x.At);
            note = $"Booking it for {when}: the meeting goes in {colleague.Address}'s calendar with the parent invited. This card will show when it is there.";
        }
        else
        {
            var file = await invitation.WriteAsync(c, meeting, ct);
            action.Status = ActionStatus.Done;
            action.CompletedAt = x.At;
            action.CompletedByUserId = x.UserId;
            action.Detail = $"booked for {when}, {meeting.Place}, with {colleague.Address}; the invitation is {file} in the outbox folder";
            note = $"Booked for {when}.";
        }

        AuditLog.Record(db, x.UserId, x.Role.ToString(), AuditActions.MeetingBooked, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { actionId = action.Id, start }));
        var closed = ConcernActions.AllDone(c);
        if (closed)
        {
            changes.Step(x, CaseAction.Close, null, x.At.AddMilliseconds(1));
        }

        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done(note + (closed ? " Every approved action is done, so the case is closed." : string.Empty));
    }

    /// <summary>A new date, time or place for a booked meeting: the event (or the .ics) is updated, and the parent told.</summary>
    public async Task<CaseOutcome> RescheduleAsync(CaseStep x, RescheduleMeeting command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        if (Booked(c, command.ActionId) is not { } booked)
        {
            return CaseOutcome.Problem("That meeting is not booked, so there is nothing to move. Nothing has changed.");
        }

        var (action, meeting) = booked;

        if (ReadStart(command.Date, command.Time, x.At) is not { } start)
        {
            return CaseOutcome.Problem("Choose the meeting's new date and time, in the future. Nothing has changed.");
        }

        var place = string.IsNullOrWhiteSpace(command.Place) ? meeting.Place : command.Place.Trim();
        if (start == meeting.Start && place == meeting.Place)
        {
            return CaseOutcome.Problem("That is when and where the meeting already is. Nothing has changed.");
        }

        meeting.Start = start;
        meeting.End = start + Length;
        meeting.Place = place;
        meeting.Sequence++;
        meeting.UpdatedAt = x.At;
        meeting.UpdatedByUserId = x.UserId;
        var when = When(start);
        if (UsesCalendar)
        {
            action.Detail = $"moving the meeting in {meeting.Colleague}'s calendar to {when}, {place}";
            Outbox.Enqueue(db, MeetingCalendarHandler.Kind, new SyncMeeting(c.Id, action.Id, meeting.Sequence), x.At);
        }
        else
        {
            var file = await invitation.WriteAsync(c, meeting, ct);
            action.Detail = $"moved to {when}, {place}, with {meeting.Colleague}; the updated invitation is {file} in the outbox folder";
        }

        AuditLog.Record(db, x.UserId, x.Role.ToString(), AuditActions.MeetingMoved, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { actionId = action.Id, start, sequence = meeting.Sequence }));
        changes.Step(x, CaseAction.ChangeMeeting, null);
        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done($"Moved to {when}. The parent is sent the change.");
    }

    /// <summary>The meeting is called off: the event is cancelled (the parent told) or a cancelling .ics written.</summary>
    public async Task<CaseOutcome> CancelAsync(CaseStep x, CancelMeeting command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        if (Booked(c, command.ActionId) is not { } booked)
        {
            return CaseOutcome.Problem("That meeting is not booked, so there is nothing to cancel. Nothing has changed.");
        }

        var (action, meeting) = booked;

        meeting.CancelledAt = x.At;
        meeting.Sequence++;
        meeting.UpdatedAt = x.At;
        meeting.UpdatedByUserId = x.UserId;
        action.Status = ActionStatus.Cancelled;
        action.CompletedAt = x.At;
        action.CompletedByUserId = x.UserId;
        if (UsesCalendar)
        {
            action.Detail = $"cancelled on {StaffConductAssistant.Hosting.SchoolTime.DateAndTime(x.At)}; the event in {meeting.Colleague}'s calendar is being cancelled";
            Outbox.Enqueue(db, MeetingCalendarHandler.Kind, new SyncMeeting(c.Id, action.Id, meeting.Sequence, command.Reason), x.At);
        }
        else
        {
            var file = await invitation.WriteAsync(c, meeting, ct);
            action.Detail = $"cancelled on {StaffConductAssistant.Hosting.SchoolTime.DateAndTime(x.At)}; the cancellation is {file} in the outbox folder";
        }

        AuditLog.Record(db, x.UserId, x.Role.ToString(), AuditActions.MeetingCancelled, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { actionId = action.Id }));
        changes.Step(x, CaseAction.ChangeMeeting, command.Reason);
        var closed = ConcernActions.AllDone(c);
        if (closed)
        {
            changes.Step(x, CaseAction.Close, null, x.At.AddMilliseconds(1));
        }

        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done("The meeting is cancelled. The parent is sent the cancellation.");
    }

    public static string When(DateTimeOffset start) =>
        TimeZoneInfo.ConvertTime(start, SchoolTime).ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>A booked, not cancelled meeting (in the calendar, or its .ics written).</summary>
    public static (ConcernAction Action, CaseMeeting Meeting)? Booked(Concern c, int? actionId)
    {
        ArgumentNullException.ThrowIfNull(c);
        var action = c.Actions.FirstOrDefault(a => a.Id == actionId && a.ResponseId == ResponseIds.Meeting);
        var meeting = c.Meetings.FirstOrDefault(m => m.ActionId == actionId);
        return action is { Status: ActionStatus.Done } && meeting is { CancelledAt: null } ? (action, meeting) : null;
    }

    /// <summary>A date and time in school time, in the future; null when either is missing or not a real time.</summary>
    private static DateTimeOffset? ReadStart(string? date, string? time, DateTimeOffset now)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || !TimeOnly.TryParseExact(time, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return null;
        }

        var local = d.ToDateTime(t);
        if (SchoolTime.IsInvalidTime(local))
        {
            return null; // A time skipped when the clocks go forward.
        }

        var start = new DateTimeOffset(local, SchoolTime.GetUtcOffset(local));
        return start > now ? start : null;
    }
}

/// <param name="Sequence">The booking this message is for: an older one than the meeting's own is left alone.</param>
/// <param name="Reason">For a cancellation: what the parent is told.</param>
public sealed record SyncMeeting(int CaseId, int ActionId, int Sequence, string? Reason = null);
