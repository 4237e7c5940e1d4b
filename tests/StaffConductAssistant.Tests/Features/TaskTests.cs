using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// Tasks for what the app cannot do itself: SLT add one on their card (owner, due day, notes), the owner is reminded
/// the day before and on the day, SLT are told when it is overdue, and marking it done stops the reminders. The clock
/// is moved by days; everything goes through /api/messages and the connector stand-in.
/// </summary>
public sealed class TaskTests : IAsyncLifetime
{
    // Tuesday 17 November 2026, noon in London (GMT).
    private readonly CreepingClock clock = new(new DateTimeOffset(2026, 11, 17, 12, 0, 0, TimeSpan.Zero));
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        [$"Roles:StaffNames:{SignedBotApp.SltMemberId}"] = "Sam Leader",
    }, clock);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_owner_is_reminded_the_day_before_and_on_the_day_SLT_are_told_when_it_is_overdue_and_done_stops_it()
    {
        var id = await LogConcernAsync(app);
        var card = await PersonalCardAsync(id);
        var add = CardData(card, CaseVerbs.AddTask);
        add["taskKind"] = "speak-to-parent";
        add["taskOwner"] = SignedBotApp.SltMemberId;
        add["taskDue"] = "2026-11-19";
        add["taskNotes"] = "Ring Mr Price after school.";

        var teacher = await InvokeAsync(app, Execute(SignedBotApp.TeacherId, CaseVerbs.AddTask, add));
        Assert.Contains("Only SLT can add a task", Text(teacher), StringComparison.Ordinal);
        var past = (JsonObject)add.DeepClone();
        past["taskDue"] = "2026-11-16";
        Assert.Contains("today or later", Text(await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.AddTask, past))), StringComparison.Ordinal);

        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.AddTask, add));
        await SettleAsync(app);
        Assert.Contains("Task added for Sam Leader, due Thursday 19 November 2026", Text(answer), StringComparison.Ordinal);
        var task = Assert.Single(await app.App.WithDbAsync(db => Task.FromResult(db.CaseTasks.ToList())));
        Assert.Equal(new DateOnly(2026, 11, 19), task.DueOn);
        Assert.Empty(Reminders("Reminder: your task"));

        // Wednesday 08:05: due tomorrow.
        await MoveToAsync(new DateTimeOffset(2026, 11, 18, 8, 5, 0, TimeSpan.Zero));
        Assert.Contains("is due tomorrow, Thursday 19 November 2026", Assert.Single(Reminders("Reminder: your task")), StringComparison.Ordinal);

        // Thursday 08:05: due today.
        await MoveToAsync(new DateTimeOffset(2026, 11, 19, 8, 5, 0, TimeSpan.Zero));
        Assert.Equal(2, Reminders("Reminder: your task").Count);
        Assert.Contains(Reminders("Reminder: your task"), r => r.Contains("is due today", StringComparison.Ordinal));
        Assert.Empty(Reminders("Overdue: the task"));

        // Friday 08:05: overdue, SLT are told and the card says so.
        await MoveToAsync(new DateTimeOffset(2026, 11, 20, 8, 5, 0, TimeSpan.Zero));
        Assert.Single(Reminders("Overdue: the task"));
        card = await PersonalCardAsync(id);
        Assert.Contains("Overdue: was due Thursday 19 November 2026", Text(card), StringComparison.Ordinal);
        Assert.Contains("Ring Mr Price after school.", Text(card), StringComparison.Ordinal);

        var done = CardData(card, CaseVerbs.CompleteTask);
        Assert.Contains("Task marked done", Text(await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.CompleteTask, done))), StringComparison.Ordinal);
        await SettleAsync(app);
        Assert.NotNull(Assert.Single(await app.App.WithDbAsync(db => Task.FromResult(db.CaseTasks.ToList()))).DoneAt);
        Assert.DoesNotContain(CaseVerbs.CompleteTask, Verbs(await PersonalCardAsync(id)));
        var trail = (await AuditAsync(app, id)).Select(a => a.Action).ToList();
        Assert.Equal(2, trail.Count(a => a == AuditActions.TaskReminded));
        Assert.Single(trail, AuditActions.TaskOverdueTold);
        Assert.Single(trail, AuditActions.TaskDone);
    }

    [Fact]
    public async Task A_task_owner_must_be_someone_who_may_see_the_case()
    {
        var id = await LogConcernAsync(app);
        var add = CardData(await PersonalCardAsync(id), CaseVerbs.AddTask);
        add["taskKind"] = "gather-information";
        add["taskOwner"] = "00000000-0000-0000-0000-00000000dead"; // Not staff: the rule lets them see nothing.
        add["taskDue"] = "2026-11-20";

        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.AddTask, add));

        Assert.Contains("can't see this case", MeetingCalendarTests.Plain(answer), StringComparison.Ordinal);
        Assert.Empty(await app.App.WithDbAsync(db => Task.FromResult(db.CaseTasks.ToList())));
    }

    private async Task<JsonNode> PersonalCardAsync(int id) =>
        (await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.Refresh, await DataAsync(app, id))))["value"]!;

    /// <summary>Moves the app's clock, then waits until the reminders now due have gone.</summary>
    private async Task MoveToAsync(DateTimeOffset at)
    {
        clock.Advance(at - app.Now);
        await Task.Delay(200); // One outbox poll at least.
        await SettleAsync(app);
    }

    private List<string> Reminders(string start) =>
        app.Connector.Requests.Where(r => r.Method == "POST"
                && r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(SignedBotApp.SltMemberId)), StringComparison.Ordinal)
                && r.Body.Contains(start, StringComparison.Ordinal))
            .Select(r => r.Body).ToList();
}

/// <summary>The case page's tasks: the same rule as the page (the tab's sign-in checks tokens by the real clock).</summary>
public sealed class TaskPageTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?>
    {
        [$"Roles:StaffNames:{SignedBotApp.SltMemberId}"] = "Sam Leader",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_case_page_lists_the_tasks_and_adds_one_through_the_same_rule_and_a_teacher_who_cannot_see_it_gets_not_found()
    {
        var id = await LogConcernAsync(app);
        var due = DateOnly.FromDateTime(app.Now.UtcDateTime).AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var slt = app.TabClient(SignedBotApp.SltMemberId);
        var before = JsonNode.Parse(await slt.GetStringAsync($"api/tab/concerns/{id}/tasks"))!;
        Assert.True(before["canAdd"]!.GetValue<bool>());
        Assert.Empty(before["tasks"]!.AsArray());

        var post = await slt.PostAsJsonAsync($"api/tab/concerns/{id}/actions", new
        {
            verb = CaseVerbs.AddTask,
            data = new { version = before["version"]!.GetValue<int>(), taskKind = "legal-advice", taskOwner = "me", taskDue = due, taskNotes = "Ask the school's solicitor about the post." },
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, post.StatusCode);
        Assert.False(JsonNode.Parse(await post.Content.ReadAsStringAsync())!["problem"]!.GetValue<bool>());

        var after = JsonNode.Parse(await slt.GetStringAsync($"api/tab/concerns/{id}/tasks"))!;
        var task = Assert.Single(after["tasks"]!.AsArray())!;
        Assert.Equal("legal-advice", task["kind"]!.GetValue<string>());
        Assert.Equal("Sam Leader", task["ownerName"]!.GetValue<string>());
        Assert.Equal(due, task["dueOn"]!.GetValue<string>());

        // Another teacher: on the staff, but this concern is not one they logged or are shared.
        const string otherTeacher = "00000000-0000-0000-0000-00000000a0ff";
        app.Graph.AddMembership(otherTeacher, SignedBotApp.StaffGroupId);
        using var teacher = app.TabClient(otherTeacher);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await teacher.GetAsync($"api/tab/concerns/{id}/tasks")).StatusCode);
    }

}
