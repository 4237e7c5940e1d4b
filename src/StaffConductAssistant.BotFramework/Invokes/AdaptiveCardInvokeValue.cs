using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Invokes;

/// <summary>The <c>value</c> of an <c>adaptiveCard/action</c> invoke (Universal Actions, <c>Action.Execute</c>).</summary>
public sealed class AdaptiveCardInvokeValue
{
    public AdaptiveCardInvokeAction? Action { get; set; }

    /// <summary><c>manual</c> (a click) or <c>automatic</c> (a refresh).</summary>
    public string? Trigger { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The <c>Action.Execute</c> that was pressed; <see cref="Data"/> holds its data merged with the card's inputs.</summary>
public sealed class AdaptiveCardInvokeAction
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    public string? Verb { get; set; }

    public JsonElement? Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
