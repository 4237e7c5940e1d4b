using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Features.ScheduleMeeting;

/// <summary>
/// Puts a booked meeting into the senior colleague's calendar, moves it or cancels it, after SLT's answer (outbox).
/// Exactly once: the event carries the meeting's transaction id, and before any create the app looks for an event
/// with it (an earlier create may have worked before its answer was lost). A message for an older booking than the
/// meeting's own <see cref="CaseMeeting.Sequence"/> does nothing: the newer message carries the newer booking.
/// </summary>
public sealed partial class MeetingCalendarHandler(
    AppDbContext db,
    ICalendarEvents calendar,
    MeetingInvitation invitation,
    TimeProvider clock,
    ILogger<MeetingCalendarHandler> logger) : IOutboxHandler
{
    public const string Kind = "meeting.calendar";

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var sync = Outbox.Read<SyncMeeting>(message);
        var c = await db.Concerns.Include(x => x.Actions).Include(x => x.Meetings).Include(x => x.Tasks).AsSplitQuery().SingleOrDefaultAsync(x => x.Id == sync.CaseId, cancellationToken);
        var meeting = c?.Meetings.FirstOrDefault(m => m.ActionId == sync.ActionId);
        var action = c?.Actions.FirstOrDefault(a => a.Id == sync.ActionId);
        if (c is null || meeting is null || action is null || meeting.Sequence != sync.Sequence)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var when = BookMeetingHandler.When(meeting.Start);
        try
        {
            if (meeting.CancelledAt is not null)
            {
                var id = meeting.EventId ?? await calendar.FindAsync(meeting.Colleague, meeting.TransactionId, cancellationToken);
                if (id is not null)
                {
                    await calendar.CancelAsync(meeting.Colleague, id, sync.Reason ?? "The school has cancelled this meeting.", cancellationToken);
                }

                action.Detail = $"cancelled on {SchoolTime.DateAndTime(meeting.CancelledAt.Value)}; the event in {meeting.Colleague}'s calendar is cancelled and the parent told";
            }
            else if (meeting.EventId is null)
            {
                meeting.EventId = await calendar.FindAsync(meeting.Colleague, meeting.TransactionId, cancellationToken)
                    ?? await calendar.CreateAsync(meeting.Colleague, invitation.ForGraph(c, meeting), meeting.TransactionId, cancellationToken);
                if (meeting.Sequence > 0)
                {
                    // Found after a failure, or booked again with a new time: the event must say what was booked last.
                    await calendar.UpdateAsync(meeting.Colleague, meeting.EventId, invitation.ForGraph(c, meeting), cancellationToken);
                }

                action.Status = ActionStatus.Done;
                action.CompletedAt = now;
                action.Detail = $"booked for {when}, {meeting.Place}, in {meeting.Colleague}'s calendar" + (c.LetterRecipientEmail is null ? string.Empty : ", with the parent invited");
            }
            else
            {
                await calendar.UpdateAsync(meeting.Colleague, meeting.EventId, invitation.ForGraph(c, meeting), cancellationToken);
                action.Detail = $"moved to {when}, {meeting.Place}, in {meeting.Colleague}'s calendar; the parent is sent the change";
            }
        }
        catch (GraphUnavailableException ex)
        {
            Log.Failed(logger, c.Id, ex.GetType().Name);
            AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, AuditActions.MeetingCalendarFailed, AuditSubjects.Case(c.Id), now,
                JsonSerializer.Serialize(new { actionId = action.Id, sequence = meeting.Sequence }));
            if (meeting.EventId is null && meeting.CancelledAt is null)
            {
                // Shown as failed with the booking form again; booking again looks for the event before creating one.
                action.Status = ActionStatus.Failed;
                action.ExternalId = null;
                action.Detail = $"the meeting could not be put in {meeting.Colleague}'s calendar (Microsoft Graph did not answer). Book it again: the app looks for it first, so it is never there twice";
            }
            else
            {
                action.Detail = $"the change could not be made in {meeting.Colleague}'s calendar (Microsoft Graph did not answer). Please change it again, or change it in Outlook";
            }
        }

        if (ConcernActions.AllDone(c))
        {
            ConcernActions.CloseByApp(db, c, now.AddMilliseconds(1));
        }

        c.Version++;
        c.UpdatedAt = now;
        Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(c.Id), now);

        // A change saved meanwhile (a click on the card) makes this save fail; the outbox then runs it again, and the
        // event found by its transaction id is not created twice.
        await db.SaveChangesAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4300, Level = LogLevel.Error, Message = "Case {CaseId}: the meeting could not be written to the calendar ({ErrorType})")]
        public static partial void Failed(ILogger logger, int caseId, string errorType);
    }
}
