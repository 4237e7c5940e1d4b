using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// A task's owner need not be SLT (issue 12 item 3): a teacher asked to gather information sees the case because of
/// the task, and does only their own task, all through the access rule, on the card and in the tab.
/// </summary>
public sealed class TaskOwnerTests : IAsyncLifetime
{
    /// <summary>On the staff; neither logged the concern nor was shared it.</summary>
    private const string Helper = "00000000-0000-0000-0000-00000000a0f1";

    /// <summary>On the staff, and named in the concern.</summary>
    private const string Named = "00000000-0000-0000-0000-00000000a0f2";

    private SignedBotApp app = null!;

    public async Task InitializeAsync()
    {
        app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
        {
            [$"Roles:StaffNames:{Helper}"] = "Harriet Helper",
            [$"Roles:StaffNames:{SignedBotApp.SltMemberId}"] = "Sam Leader",
        });
        app.Graph.AddMembership(Helper, SignedBotApp.StaffGroupId);
        app.Graph.AddMembership(Named, SignedBotApp.StaffGroupId);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_teacher_given_a_task_sees_the_case_and_marks_only_her_own_task_done()
    {
        await app.SendAsync(Activities.PersonalInstall(Helper));
        var id = await LogConcernAsync(app);
        using var helperTab = app.TabClient(Helper);
        Assert.Equal(HttpStatusCode.NotFound, (await helperTab.GetAsync($"api/tab/concerns/{id}")).StatusCode);

        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Contains("Task added for Harriet Helper", Text(await AddTaskAsync(id, "gather-information", Helper, due)), StringComparison.Ordinal);
        Assert.Contains("Task added for Sam Leader", Text(await AddTaskAsync(id, "speak-to-parent", SignedBotApp.SltMemberId, due)), StringComparison.Ordinal);
        var tasks = await app.App.WithDbAsync(db => db.CaseTasks.AsNoTracking().OrderBy(t => t.Id).ToListAsync());
        var (hers, slts) = (tasks[0], tasks[1]);

        // Owning the task lets her see the case, on the card and in the tab, to read: no SLT step is offered.
        Assert.Equal(HttpStatusCode.OK, (await helperTab.GetAsync($"api/tab/concerns/{id}")).StatusCode);
        var card = await CardAsync(id, Helper);
        var verbs = Verbs(card).ToList();
        Assert.Single(verbs, CaseVerbs.CompleteTask);
        Assert.DoesNotContain(CaseVerbs.AddTask, verbs);
        Assert.DoesNotContain("propose", verbs);
        Assert.Equal(hers.Id, All(card).Single(o => o["verb"]?.GetValue<string>() == CaseVerbs.CompleteTask)["data"]!["taskId"]!.GetValue<int>());
        var page = JsonNode.Parse(await helperTab.GetStringAsync($"api/tab/concerns/{id}/tasks"))!;
        Assert.False(page["canAdd"]!.GetValue<bool>());
        Assert.Equal([(hers.Id, true), (slts.Id, false)], page["tasks"]!.AsArray().Select(t => (t!["id"]!.GetValue<int>(), t["canComplete"]!.GetValue<bool>())).OrderBy(t => t.Item1));

        // SLT's task is not hers to mark done, nor may she add tasks.
        var others = await CompleteAsync(id, Helper, slts.Id);
        Assert.Contains("someone else's", MeetingCalendarTests.Plain(others), StringComparison.Ordinal);
        var add = await InvokeAsync(app, Execute(Helper, CaseVerbs.AddTask, With(CardData(card, CaseVerbs.CompleteTask), ("taskKind", "legal-advice"), ("taskOwner", "me"), ("taskDue", due))));
        Assert.Contains("Only SLT can add a task", Text(add), StringComparison.Ordinal);

        // Her own: done, recorded as hers, in her capacity as staff.
        Assert.Contains("Task marked done", Text(await CompleteAsync(id, Helper, hers.Id)), StringComparison.Ordinal);
        await SettleAsync(app);
        tasks = await app.App.WithDbAsync(db => db.CaseTasks.AsNoTracking().OrderBy(t => t.Id).ToListAsync());
        Assert.Equal(Helper, tasks[0].DoneByUserId);
        Assert.Null(tasks[1].DoneAt);
        var trail = await AuditAsync(app, id);
        Assert.Equal((Helper, "Staff"), trail.Where(a => a.Action == AuditActions.TaskDone).Select(a => (a.ActorId, a.ActorRole)).Single());
        Assert.Contains(trail, a => a.Action == "CompleteOwnTask" && a.ActorId == Helper);
    }

    [Fact]
    public async Task Staff_the_concern_names_cannot_be_given_a_task_on_it()
    {
        var id = await LogConcernAsync(app);
        await app.App.WithDbAsync(async db =>
        {
            db.CasePeople.Add(new CasePerson { ConcernId = id, UserId = Named, Kind = CasePersonKind.Named, At = app.Now, ByUserId = AuditLog.AppActor });
            await db.SaveChangesAsync();
            return 0;
        });

        var answer = await AddTaskAsync(id, "gather-information", Named, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        Assert.Contains("can't see this case", MeetingCalendarTests.Plain(answer), StringComparison.Ordinal);
        Assert.Empty(await app.App.WithDbAsync(db => db.CaseTasks.AsNoTracking().ToListAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await app.TabClient(Named).GetAsync($"api/tab/concerns/{id}")).StatusCode);
    }

    private async Task<JsonNode> AddTaskAsync(int id, string kind, string owner, string due)
    {
        var data = With(CardData(await CardAsync(id, SignedBotApp.SltMemberId), CaseVerbs.AddTask), ("taskKind", kind), ("taskOwner", owner), ("taskDue", due));
        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.AddTask, data));
        await SettleAsync(app);
        return answer;
    }

    private async Task<JsonNode> CompleteAsync(int id, string userId, int taskId)
    {
        var data = await DataAsync(app, id);
        data["taskId"] = taskId;
        return await InvokeAsync(app, Execute(userId, CaseVerbs.CompleteTask, data));
    }

    private async Task<JsonNode> CardAsync(int id, string userId) =>
        (await InvokeAsync(app, Execute(userId, CaseVerbs.Refresh, await DataAsync(app, id))))["value"]!;

    private static JsonObject With(JsonObject data, params (string Key, string Value)[] values)
    {
        foreach (var (key, value) in values)
        {
            data[key] = value;
        }

        return data;
    }
}
