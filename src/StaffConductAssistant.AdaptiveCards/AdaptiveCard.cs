using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.AdaptiveCards;

/// <summary>
/// An Adaptive Card, schema 1.5 (the highest Teams renders, teams-protocol.md §6).
/// Serialise with <see cref="ToJson"/>/<see cref="ToJsonElement"/> (or <see cref="AdaptiveCardJson.Options"/>):
/// other options would keep nulls and break the wire format.
/// </summary>
public sealed record AdaptiveCard
{
    /// <summary>Attachment contentType for an Adaptive Card.</summary>
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    public const string SchemaUrl = "http://adaptivecards.io/schemas/adaptive-card.json";

    public const string SchemaVersion = "1.5";

    [JsonPropertyOrder(-3)]
    [SuppressMessage("Performance", "CA1822", Justification = "An instance property so System.Text.Json writes the schema\'s \"type\".")]
    public string Type => "AdaptiveCard";

    [JsonPropertyOrder(-2)]
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; } = SchemaUrl;

    [JsonPropertyOrder(-1)]
    public string Version { get; init; } = SchemaVersion;

    public IReadOnlyList<CardElement>? Body { get; init; }

    public IReadOnlyList<CardAction>? Actions { get; init; }

    public CardRefresh? Refresh { get; init; }

    /// <summary>Teams host properties; not part of the Adaptive Cards schema.</summary>
    [JsonPropertyName("msteams")]
    public TeamsCardProperties? MsTeams { get; init; }

    /// <summary>Shown by hosts that cannot render the card (notifications, old clients).</summary>
    public string? FallbackText { get; init; }

    public string? Speak { get; init; }

    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? AdaptiveCardJson.IndentedOptions : AdaptiveCardJson.Options);

    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(this, AdaptiveCardJson.Options);

    public JsonObject ToJsonObject() => JsonSerializer.SerializeToNode(this, AdaptiveCardJson.Options)!.AsObject();

    public static AdaptiveCard FromJson(string json) =>
        JsonSerializer.Deserialize<AdaptiveCard>(json, AdaptiveCardJson.Options)
        ?? throw new JsonException("The JSON is null, not an Adaptive Card.");
}

/// <summary>
/// Universal Actions auto-refresh. <see cref="UserIds"/>: at most 60 user MRIs; an empty list means
/// manual refresh only; null means auto-refresh for everyone in chats of 60 or fewer (teams-protocol.md §6).
/// </summary>
public sealed record CardRefresh
{
    public const int MaxUserIds = 60;

    private readonly IReadOnlyList<string>? _userIds;
    private readonly CardAction _action = null!;

    /// <summary>
    /// Must be an <see cref="ExecuteAction"/> (schema: refresh.action is Action.Execute). Declared as the
    /// polymorphic base so System.Text.Json writes its "type" discriminator.
    /// </summary>
    public required CardAction Action
    {
        get => _action;
        init => _action = value as ExecuteAction ?? throw new ArgumentException("refresh.action must be an Action.Execute.", nameof(value));
    }

    public IReadOnlyList<string>? UserIds
    {
        get => _userIds;
        init => _userIds = value is { Count: > MaxUserIds }
            ? throw new ArgumentException($"Teams refreshes at most {MaxUserIds} users per card.", nameof(value))
            : value;
    }
}

public sealed record TeamsCardProperties
{
    public TeamsCardWidth? Width { get; init; }
}

/// <summary>The serializer options that give the exact wire format: camelCase names, nulls omitted.</summary>
public static class AdaptiveCardJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    public static JsonSerializerOptions IndentedOptions { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            // Cards carry free text; keep non-ASCII readable but still escape HTML-sensitive characters.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
