using System.Globalization;
using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.Tasks;

/// <summary>
/// The case's tasks on its card: each with its owner, due day (overdue in red) and notes, a Done button for SLT, and
/// on a person's own card the form to add one.
/// </summary>
public static class TaskCardSection
{
    /// <summary>The folded "add a task" form's id.</summary>
    public const string AddTaskId = "addTask";

    public static void Add(List<CardElement> body, Concern c, JsonObject data, ConcernCardOptions options, PolicyCatalogue policy)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(options);
        var canAdd = options.Allowed.Contains(CaseOperation.AddTask) && !options.Shared;
        if (c.Tasks.Count == 0 && !canAdd)
        {
            return;
        }

        body.Add(new TextBlock { Text = "Tasks", Weight = TextWeight.Bolder, Size = TextSize.Medium, Wrap = true, Spacing = Spacing.Large, Separator = true });
        var today = TaskHandler.Today(options.Now);
        foreach (var t in c.Tasks.OrderBy(t => t.DoneAt is not null).ThenBy(t => t.DueOn).ThenBy(t => t.Id))
        {
            var overdue = t.DoneAt is null && t.DueOn < today;
            var status = t.DoneAt is { } done ? $"Done {ConcernCard.When(done)}" : overdue ? $"Overdue: was due {TaskHandler.Day(t.DueOn)}" : $"Due {TaskHandler.Day(t.DueOn)}";
            var items = new List<CardElement>
            {
                new TextBlock { Text = AdaptiveText.Escape(t.Title), Weight = TextWeight.Bolder, Wrap = true },
                new TextBlock
                {
                    Text = $"{status}. Owner: {AdaptiveText.Escape(t.OwnerName ?? "a member of staff")}.",
                    Color = t.DoneAt is not null ? TextColor.Good : overdue ? TextColor.Attention : TextColor.Default,
                    Wrap = true,
                    Spacing = Spacing.None,
                },
            };
            if (t.Notes is { Length: > 0 } notes)
            {
                items.Add(new TextBlock { Text = AdaptiveText.Escape(AdaptiveText.Truncate(notes, 600)), Wrap = true, IsSubtle = true, Spacing = Spacing.None });
            }

            if (t.DoneAt is null && t.Kind != TaskKinds.ReviewSiteBan && options.Allowed.Contains(CaseOperation.CompleteTask)
                && (options.OnlyTasksOwnedBy is null || string.Equals(options.OnlyTasksOwnedBy, t.OwnerUserId, StringComparison.OrdinalIgnoreCase)))
            {
                var complete = (JsonObject)data.DeepClone();
                complete["taskId"] = t.Id;
                items.Add(new ActionSet { Actions = [new ExecuteAction { Title = "Mark the task done", Verb = CaseVerbs.CompleteTask, Style = ActionStyle.Positive, Data = complete }] });
            }

            body.Add(new Container { Items = items, Spacing = Spacing.Small, Separator = true });
        }

        if (canAdd)
        {
            // The form is folded away: on a phone it would double the card's height for a step taken now and then.
            body.Add(new ActionSet { Actions = [new ToggleVisibilityAction { Title = "Add a task", TargetElements = [AddTaskId] }], Spacing = Spacing.Small });
            body.Add(new Container
            {
                Id = AddTaskId,
                IsVisible = false,
                Spacing = Spacing.Medium,
                Items =
                [
                    new TextBlock { Text = "A task for something the app can't do itself", Weight = TextWeight.Bolder, Wrap = true },
                    new InputChoiceSet
                    {
                        Id = "taskKind",
                        Label = "What",
                        Style = ChoiceInputStyle.Compact,
                        Choices = [.. TaskKinds.Choosable(policy).Select(k => new Choice(k.Title, k.Id))],
                        Value = TaskKinds.GatherInformation,
                    },
                    new InputChoiceSet
                    {
                        Id = "taskOwner",
                        Label = "Owner (reminded the day before and on the day)",
                        Style = ChoiceInputStyle.Compact,
                        Choices = [new Choice("Me", TaskHandler.Me), .. options.TaskOwners],
                        Value = TaskHandler.Me,
                    },
                    new InputDate { Id = "taskDue", Label = "Due", Value = today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
                    new InputText { Id = "taskNotes", Label = "Notes", IsMultiline = true, MaxLength = TaskHandler.MaxNotes },
                    new ActionSet { Actions = [new ExecuteAction { Title = "Add the task", Verb = CaseVerbs.AddTask, Data = data.DeepClone() }] },
                ],
            });
        }
    }
}
