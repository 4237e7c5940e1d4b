using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ScheduleMeeting;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Features.Tasks;

public enum TaskReminderKind
{
    /// <summary>The owner, the day before it is due.</summary>
    DayBefore,

    /// <summary>The owner, on the day.</summary>
    OnTheDay,

    /// <summary>SLT (whoever set the task), the day after it was due, if it is still open.</summary>
    Overdue,
}

/// <param name="DueOn">The due day the reminder was set for: if the task's day changed, this reminder is stale.</param>
public sealed record RemindTask(int CaseId, int TaskId, TaskReminderKind Kind, DateOnly DueOn, string? ServiceUrl, string? BotId, string? TenantId);

/// <summary>
/// Reminders are outbox messages due at 08:00 school time (the day before, on the day, the day after for SLT), stored
/// with the task so a restart loses none; each is sent once, and not at all once the task is done.
/// </summary>
public static class TaskReminders
{
    public const string Kind = "task.remind";

    public static readonly TimeOnly At = new(8, 0);

    public static void Schedule(AppDbContext db, int caseId, CaseTask task, CaseOrigin origin, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(origin);
        foreach (var (kind, day) in new[]
        {
            (TaskReminderKind.DayBefore, task.DueOn.AddDays(-1)),
            (TaskReminderKind.OnTheDay, task.DueOn),
            (TaskReminderKind.Overdue, task.DueOn.AddDays(1)),
        })
        {
            var due = SchoolMorning(day);
            if (kind == TaskReminderKind.DayBefore && due <= now)
            {
                continue; // Set on the day before or on the day: "due tomorrow" would be late or wrong.
            }

            var delay = due > now ? due - now : TimeSpan.Zero;
            Outbox.Enqueue(db, Kind, new RemindTask(caseId, task.Id, kind, task.DueOn, origin.ServiceUrl, origin.BotId, origin.TenantId), now, delay);
        }
    }

    /// <summary>08:00 on that day in the school's time zone.</summary>
    public static DateTimeOffset SchoolMorning(DateOnly day)
    {
        var local = day.ToDateTime(At);
        return new DateTimeOffset(local, BookMeetingHandler.SchoolTime.GetUtcOffset(local));
    }
}

/// <summary>Sends one task reminder: the case's card 1:1 with a note on top, to the owner or, when overdue, to SLT.</summary>
public sealed class TaskReminderHandler(AppDbContext db, PersonalDelivery delivery, TimeProvider clock) : IOutboxHandler
{
    public string Kind => TaskReminders.Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var remind = Outbox.Read<RemindTask>(message);
        var task = await db.CaseTasks.SingleOrDefaultAsync(t => t.Id == remind.TaskId && t.ConcernId == remind.CaseId, cancellationToken);
        if (task is null || task.DoneAt is not null || task.DueOn != remind.DueOn)
        {
            return;
        }

        var sent = remind.Kind switch
        {
            TaskReminderKind.DayBefore => task.RemindedBeforeAt,
            TaskReminderKind.OnTheDay => task.RemindedOnDayAt,
            _ => task.OverdueToldAt,
        };
        if (sent is not null)
        {
            return; // Outbox work can run twice: one reminder of each kind.
        }

        var due = TaskHandler.Day(task.DueOn);
        var (to, note) = remind.Kind switch
        {
            TaskReminderKind.DayBefore => (task.OwnerUserId, $"Reminder: your task \"{task.Title}\" is due tomorrow, {due}."),
            TaskReminderKind.OnTheDay => (task.OwnerUserId, $"Reminder: your task \"{task.Title}\" is due today, {due}."),
            _ => (task.CreatedByUserId, $"Overdue: the task \"{task.Title}\" for {task.OwnerName ?? "its owner"} was due {due} and is not done."),
        };
        var now = clock.GetUtcNow();
        await delivery.SendAsync(remind.CaseId, to, CardPurpose.TaskReminder, remind.ServiceUrl, remind.BotId, remind.TenantId, note,
            $"WhatsApp concern {ConcernCard.CaseNumber(remind.CaseId)}: {note}", cancellationToken);
        switch (remind.Kind)
        {
            case TaskReminderKind.DayBefore:
                task.RemindedBeforeAt = now;
                break;
            case TaskReminderKind.OnTheDay:
                task.RemindedOnDayAt = now;
                break;
            default:
                task.OverdueToldAt = now;
                break;
        }

        AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, remind.Kind == TaskReminderKind.Overdue ? AuditActions.TaskOverdueTold : AuditActions.TaskReminded,
            AuditSubjects.Case(remind.CaseId), now, System.Text.Json.JsonSerializer.Serialize(new { taskId = task.Id, kind = remind.Kind.ToString(), to }));

        // Every copy of the card shows the task as overdue from now on.
        Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(remind.CaseId), now);
        await db.SaveChangesAsync(cancellationToken);
    }
}
