using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.AdaptiveCards;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
[JsonDerivedType(typeof(ToggleVisibilityAction), "Action.ToggleVisibility")]
public abstract record CardAction
{
    public string? Id { get; init; }

    public string? Title { get; init; }

    public ActionStyle? Style { get; init; }

    /// <summary>Used by clients that do not know this action type; "drop" is not modelled.</summary>
    public CardAction? Fallback { get; init; }
}

/// <summary>
/// Universal Action (schema 1.4+). Teams sends an <c>adaptiveCard/action</c> invoke with
/// <see cref="Verb"/> and <see cref="Data"/> merged with the inputs (teams-protocol.md §6).
/// </summary>
public sealed record ExecuteAction : CardAction
{
    public string? Verb { get; init; }

    /// <summary>A JSON object (inputs are merged into it) or a string.</summary>
    public JsonNode? Data { get; init; }

    public AssociatedInputs? AssociatedInputs { get; init; }
}

/// <summary>
/// Action.Submit. In Teams, <c>data.msteams</c> (<c>{"type":"messageBack"|"imBack"|"invoke"|"signin"|"task/fetch", ...}</c>)
/// chooses how the submit reaches the bot; it is just part of <see cref="Data"/>.
/// </summary>
public sealed record SubmitAction : CardAction
{
    public JsonNode? Data { get; init; }

    public AssociatedInputs? AssociatedInputs { get; init; }
}

public sealed record OpenUrlAction : CardAction
{
    public required Uri Url { get; init; }
}

public sealed record ShowCardAction : CardAction
{
    /// <summary>The nested card; hosts ignore its version, and it must not carry $schema/msteams (not needed).</summary>
    public required AdaptiveCard Card { get; init; }
}

public sealed record ToggleVisibilityAction : CardAction
{
    /// <summary>Ids of the elements to toggle.</summary>
    public required IReadOnlyList<string> TargetElements { get; init; }
}
