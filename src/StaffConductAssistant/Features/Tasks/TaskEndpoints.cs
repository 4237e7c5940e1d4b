using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.Tasks;

/// <summary>
/// The case page's tasks (GET /api/tab/concerns/{id}/tasks): the same access rule as the page itself, "not found" for
/// a case the person may not see. Adding and completing go through the case page's actions (the card's verbs).
/// </summary>
public static class TaskEndpoints
{
    /// <param name="CanComplete">This person may mark this task done: SLT any, its owner their own (<see cref="CaseAccess.MayCompleteTask"/>).</param>
    public sealed record TaskView(int Id, string Kind, string Title, string? OwnerName, DateOnly DueOn, bool Overdue, string? Notes, DateTimeOffset? DoneAt, bool CanComplete = false);

    public sealed record TaskChoice(string Id, string Title);

    public sealed record TasksView(int Version, IReadOnlyList<TaskView> Tasks, bool CanAdd, bool CanComplete, IReadOnlyList<TaskChoice> Kinds, IReadOnlyList<TaskChoice> Owners);

    public static void MapCaseTasks(this RouteGroupBuilder api) => api.MapGet("/concerns/{id:int}/tasks", GetAsync);

    internal static async Task<IResult> GetAsync(int id, CurrentStaff me, AppDbContext db, PolicyCatalogue policy, IOptions<RolesOptions> roles, CaseChanges changes, TimeProvider clock, CancellationToken ct)
    {
        var c = await db.Concerns.AsNoTracking().Include(x => x.People).Include(x => x.Tasks).AsSplitQuery().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !CaseAccess.CanSee(me.Member, c.ToFacts(roles.Value.HeadmistressIds())))
        {
            if (c is not null)
            {
                await changes.RecordViewAsync(me.UserId, null, AuditActions.AccessRefused, id, AuditSurfaces.CasePage, ct);
            }

            return Results.NotFound();
        }

        var facts = c.ToFacts(roles.Value.HeadmistressIds());
        var allowed = CaseAccess.Allowed(me.Member, facts);
        var complete = CaseAccess.Check(me.Member, facts, CaseOperation.CompleteTask);
        var today = TaskHandler.Today(clock.GetUtcNow());
        return Results.Ok(new TasksView(
            c.Version,
            [.. c.Tasks.OrderBy(t => t.DoneAt is not null).ThenBy(t => t.DueOn).Select(t => new TaskView(t.Id, t.Kind, t.Title, t.OwnerName, t.DueOn, t.DoneAt is null && t.DueOn < today, t.Notes, t.DoneAt,
                t.DoneAt is null && complete.Allowed && CaseAccess.MayCompleteTask(me.Member, complete.Role!.Value, t.OwnerUserId)))],
            allowed.Contains(CaseOperation.AddTask),
            allowed.Contains(CaseOperation.CompleteTask),
            [.. TaskKinds.Choosable(policy).Select(k => new TaskChoice(k.Id, k.Title))],
            [new TaskChoice(TaskHandler.Me, "Me"), .. roles.Value.StaffNames.Select(p => new TaskChoice(p.Key, p.Value))]));
    }
}
