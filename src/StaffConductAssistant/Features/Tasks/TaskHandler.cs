using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.ScheduleMeeting;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.Tasks;

/// <summary>
/// Tasks for what the app cannot do itself: SLT give each an owner (someone who may see the case, by the access rule),
/// a due day and notes, and mark it done. The owner is reminded the day before and on the day, and SLT are told when
/// it is overdue (<see cref="TaskReminderHandler"/>, through the outbox). A case is not closed while a task is open.
/// </summary>
public sealed class TaskHandler(AppDbContext db, CaseChanges changes, StaffDirectory directory, PolicyCatalogue policy, IOptions<RolesOptions> roles)
{
    public const int MaxNotes = 2000;

    /// <summary>The owner choice meaning "whoever adds the task".</summary>
    public const string Me = "me";

    public async Task<CaseOutcome> AddAsync(CaseStep x, AddTask command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        var kind = TaskKinds.Choosable(policy).FirstOrDefault(k => k.Id == command.Kind);
        if (kind.Id is null)
        {
            return CaseOutcome.Problem("Choose what the task is. Nothing has changed.");
        }

        if (!DateOnly.TryParseExact(command.Due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) || due < Today(x.At))
        {
            return CaseOutcome.Problem("Choose the day it is due: today or later. Nothing has changed.");
        }

        if (command.Notes is { Length: > MaxNotes })
        {
            return CaseOutcome.Problem($"The notes are longer than {MaxNotes} characters. Nothing has changed.");
        }

        var ownerId = command.Owner == Me ? x.UserId : command.Owner;
        if (string.IsNullOrWhiteSpace(ownerId))
        {
            return CaseOutcome.Problem("Choose who owns the task. Nothing has changed.");
        }

        // The owner is reminded with the case's card, so owning the task lets them see the case (the access rule says
        // who may: never staff the concern names). A teacher asked to gather information need not be SLT.
        var owner = await directory.GetAsync(ownerId, ct);
        if (!CaseAccess.MayOwnTask(owner, x.Facts))
        {
            return CaseOutcome.Problem("That person can't see this case (they are not on the staff, or it names them), so can't own a task on it. Choose someone else. Nothing has changed.");
        }

        var ownerKey = CaseQueries.UserKey(owner.UserId);
        if (!c.People.Any(p => p.Kind == CasePersonKind.TaskOwner && p.UserId == ownerKey))
        {
            c.People.Add(new CasePerson { UserId = ownerKey, Kind = CasePersonKind.TaskOwner, At = x.At, ByUserId = x.UserId });
        }

        var task = new CaseTask
        {
            Kind = kind.Id,
            Title = kind.Title,
            OwnerUserId = owner.UserId,
            OwnerName = roles.Value.StaffNames.TryGetValue(owner.UserId, out var name) ? name : owner.UserId == x.UserId ? x.Name : null,
            DueOn = due,
            Notes = command.Notes,
            CreatedAt = x.At,
            CreatedByUserId = x.UserId,
        };
        c.Tasks.Add(task);
        changes.Step(x, CaseAction.TrackTask, null);
        AuditLog.Record(db, x.UserId, x.Role.ToString(), AuditActions.TaskAdded, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { kind = kind.Id, owner = owner.UserId, due }));

        // Saved first, so the reminders can name the task by its id.
        await changes.SaveAsync(c, ct);
        TaskReminders.Schedule(db, c.Id, task, x.Origin, x.At);
        await db.SaveChangesAsync(ct);
        return CaseOutcome.Done($"Task added for {task.OwnerName ?? "its owner"}, due {Day(due)}. They will be reminded the day before and on the day.");
    }

    public async Task<CaseOutcome> CompleteAsync(CaseStep x, CompleteTask command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        var task = c.Tasks.FirstOrDefault(t => t.Id == command.TaskId);
        if (task is null || task.DoneAt is not null)
        {
            return CaseOutcome.Problem("That task is not waiting to be done, so nothing has changed.");
        }

        if (!CaseAccess.MayCompleteTask(x.Who, x.Role, task.OwnerUserId))
        {
            return CaseOutcome.Problem("That task is someone else's: only its owner or SLT can mark it done. Nothing has changed.");
        }

        // A site ban's review is done only by reviewing it (confirm or lift), so the parent always has a decision.
        if (task.Kind == TaskKinds.ReviewSiteBan)
        {
            return CaseOutcome.Problem("This task is done when the ban is reviewed: confirmed or lifted. Nothing has changed.");
        }

        if (command.Note is { Length: > 0 } note)
        {
            var notes = string.IsNullOrWhiteSpace(task.Notes) ? note : task.Notes + "\n" + note;
            if (notes.Length > MaxNotes)
            {
                return CaseOutcome.Problem($"The notes would be longer than {MaxNotes} characters. Nothing has changed.");
            }

            task.Notes = notes;
        }

        task.DoneAt = x.At;
        task.DoneByUserId = x.UserId;
        var bySlt = x.Role == StaffRole.Slt;
        changes.Step(x, bySlt ? CaseAction.TrackTask : CaseAction.CompleteOwnTask, null);
        AuditLog.Record(db, x.UserId, x.Role.ToString(), AuditActions.TaskDone, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { taskId = task.Id }));
        var closed = ConcernActions.AllDone(c);
        if (closed && bySlt)
        {
            changes.Step(x, CaseAction.Close, null, x.At.AddMilliseconds(1));
        }
        else if (closed)
        {
            // Closing is SLT's step; when the owner's task was the last thing to do, the app closes it, as after a letter.
            ConcernActions.CloseByApp(db, c, x.At.AddMilliseconds(1));
        }

        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done(closed ? "Done. Every approved action and task is done, so the case is closed." : "Task marked done.");
    }

    /// <summary>Today in the school's time zone.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, BookMeetingHandler.SchoolTime).DateTime);

    public static string Day(DateOnly day) => day.ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
