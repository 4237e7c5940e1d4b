using System.Text.Json;
using System.Text.Json.Serialization;
using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.BotFramework.Invokes;

/// <summary>
/// The <c>value</c> of <c>composeExtension/fetchTask</c> and <c>composeExtension/submitAction</c>.
/// <see cref="Data"/> holds the dialog's inputs (submitAction only).
/// </summary>
public sealed class MessagingExtensionAction
{
    public string? CommandId { get; set; }

    /// <summary><c>compose</c>, <c>commandBox</c> or <c>message</c>.</summary>
    public string? CommandContext { get; set; }

    public TaskModuleRequestContext? Context { get; set; }

    public string? RequestId { get; set; }

    public JsonElement? Data { get; set; }

    /// <summary>The message the action was started from (commandContext <c>message</c>). Attachment details are not sent.</summary>
    public MessageActionsPayload? MessagePayload { get; set; }

    /// <summary><c>edit</c> or <c>send</c>, after a <c>botMessagePreview</c> answer.</summary>
    public string? BotMessagePreviewAction { get; set; }

    public IList<Activity>? BotActivityPreview { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The <c>value</c> of <c>task/fetch</c> and <c>task/submit</c>: <c>{context: {theme}, data}</c>.</summary>
public sealed class TaskModuleRequest
{
    public TaskModuleRequestContext? Context { get; set; }

    public JsonElement? Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The client's context: <c>theme</c> is default, dark or contrast.</summary>
public sealed class TaskModuleRequestContext
{
    public string? Theme { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A Teams message as handed to a message action (<c>messagePayload</c>).</summary>
public sealed class MessageActionsPayload
{
    public string? Id { get; set; }

    public string? ReplyToId { get; set; }

    public string? CreatedDateTime { get; set; }

    public string? LastModifiedDateTime { get; set; }

    public bool? Deleted { get; set; }

    public string? Subject { get; set; }

    public string? Summary { get; set; }

    public string? Importance { get; set; }

    public string? Locale { get; set; }

    public string? LinkToMessage { get; set; }

    public MessageActionsPayloadBody? Body { get; set; }

    public MessageActionsPayloadFrom? From { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary><c>messagePayload.body</c>: <c>contentType</c> html or text, and the content Teams shows.</summary>
public sealed class MessageActionsPayloadBody
{
    public string? ContentType { get; set; }

    public string? Content { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary><c>messagePayload.from</c>: a user or an application.</summary>
public sealed class MessageActionsPayloadFrom
{
    public MessageActionsPayloadIdentity? User { get; set; }

    public MessageActionsPayloadIdentity? Application { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>An identity in <c>messagePayload</c>; for users <c>id</c> is the Entra object id.</summary>
public sealed class MessageActionsPayloadIdentity
{
    public string? Id { get; set; }

    public string? DisplayName { get; set; }

    public string? UserIdentityType { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
