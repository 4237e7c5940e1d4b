using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.BotFramework.Invokes;

/// <summary>
/// <c>{task: {type: "continue", value: TaskInfo}}</c> (show a dialog) or <c>{task: {type: "message", value: "text"}}</c>.
/// The answer to <c>fetchTask</c>, <c>task/fetch</c> and <c>task/submit</c> (and a possible answer to <c>submitAction</c>).
/// </summary>
public sealed class TaskModuleResponse
{
    public TaskModuleResponseTask? Task { get; set; }

    public static TaskModuleResponse Continue(TaskModuleTaskInfo info) => new() { Task = TaskModuleResponseTask.Continue(info) };

    public static TaskModuleResponse Message(string text) => new() { Task = TaskModuleResponseTask.Message(text) };
}

/// <summary>The <c>task</c> object: <c>type</c> continue or message.</summary>
public sealed class TaskModuleResponseTask
{
    public string? Type { get; set; }

    /// <summary>A <see cref="TaskModuleTaskInfo"/> for continue, a string for message.</summary>
    public object? Value { get; set; }

    public static TaskModuleResponseTask Continue(TaskModuleTaskInfo info) => new() { Type = "continue", Value = info };

    public static TaskModuleResponseTask Message(string text) => new() { Type = "message", Value = text };
}

/// <summary>
/// A dialog: <c>card</c> (an Adaptive Card attachment) or <c>url</c>. Height and width are pixels or
/// <c>small|medium|large</c>, hence <see cref="object"/>.
/// </summary>
public sealed class TaskModuleTaskInfo
{
    public string? Title { get; set; }

    public object? Height { get; set; }

    public object? Width { get; set; }

    public Attachment? Card { get; set; }

    public string? Url { get; set; }

    public string? FallbackUrl { get; set; }

    public string? CompletionBotId { get; set; }
}
