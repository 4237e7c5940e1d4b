using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.BotFramework.Invokes;

/// <summary>
/// Answer to <c>composeExtension/submitAction</c> (and <c>query</c>): either another <c>task</c> or a
/// <c>composeExtension</c> result (a compose-box card, a <c>botMessagePreview</c>, a message).
/// </summary>
public sealed class MessagingExtensionActionResponse
{
    public TaskModuleResponseTask? Task { get; set; }

    public MessagingExtensionResult? ComposeExtension { get; set; }

    public static MessagingExtensionActionResponse FromTask(TaskModuleResponseTask task) => new() { Task = task };

    /// <summary>Cards for the compose box (<c>type: result</c>).</summary>
    public static MessagingExtensionActionResponse Result(IEnumerable<MessagingExtensionAttachment> attachments, string attachmentLayout = "list") =>
        new() { ComposeExtension = new MessagingExtensionResult { Type = "result", AttachmentLayout = attachmentLayout, Attachments = attachments.ToList() } };

    /// <summary>A preview the user confirms; Teams then sends submitAction again with <c>botMessagePreviewAction</c> send or edit.</summary>
    public static MessagingExtensionActionResponse BotMessagePreview(Activity preview) =>
        new() { ComposeExtension = new MessagingExtensionResult { Type = "botMessagePreview", ActivityPreview = preview } };

    /// <summary>A plain text shown to the user (<c>type: message</c>).</summary>
    public static MessagingExtensionActionResponse Message(string text) =>
        new() { ComposeExtension = new MessagingExtensionResult { Type = "message", Text = text } };
}

/// <summary>The <c>composeExtension</c> object: <c>type</c> result, botMessagePreview, message, auth, config.</summary>
public sealed class MessagingExtensionResult
{
    public string? Type { get; set; }

    public string? AttachmentLayout { get; set; }

    public IList<MessagingExtensionAttachment>? Attachments { get; set; }

    public Activity? ActivityPreview { get; set; }

    public string? Text { get; set; }
}

/// <summary>A result card with an optional <c>preview</c> (an Adaptive Card result needs a Hero or Thumbnail preview).</summary>
public sealed class MessagingExtensionAttachment
{
    public string? ContentType { get; set; }

    public object? Content { get; set; }

    public Attachment? Preview { get; set; }
}
