using System.Text.Json.Serialization;

namespace StaffConductAssistant.AdaptiveCards;

// Every enum carries its own converter and member names so the wire names are the schema's
// (https://adaptivecards.io/schemas/adaptive-card.json) whatever serializer options a caller uses.

[JsonConverter(typeof(JsonStringEnumConverter<Spacing>))]
public enum Spacing
{
    [JsonStringEnumMemberName("default")] Default,
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("small")] Small,
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("large")] Large,
    [JsonStringEnumMemberName("extraLarge")] ExtraLarge,
    [JsonStringEnumMemberName("padding")] Padding,
}

[JsonConverter(typeof(JsonStringEnumConverter<TextSize>))]
public enum TextSize
{
    [JsonStringEnumMemberName("default")] Default,
    [JsonStringEnumMemberName("small")] Small,
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("large")] Large,
    [JsonStringEnumMemberName("extraLarge")] ExtraLarge,
}

[JsonConverter(typeof(JsonStringEnumConverter<TextWeight>))]
public enum TextWeight
{
    [JsonStringEnumMemberName("default")] Default,
    [JsonStringEnumMemberName("lighter")] Lighter,
    [JsonStringEnumMemberName("bolder")] Bolder,
}

[JsonConverter(typeof(JsonStringEnumConverter<TextColor>))]
public enum TextColor
{
    [JsonStringEnumMemberName("default")] Default,
    [JsonStringEnumMemberName("dark")] Dark,
    [JsonStringEnumMemberName("light")] Light,
    [JsonStringEnumMemberName("accent")] Accent,
    [JsonStringEnumMemberName("good")] Good,
    [JsonStringEnumMemberName("warning")] Warning,
    [JsonStringEnumMemberName("attention")] Attention,
}

/// <summary>TextBlock.style; "heading" (1.5) lets screen readers announce a heading.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextBlockStyle>))]
public enum TextBlockStyle
{
    [JsonStringEnumMemberName("default")] Default,
    [JsonStringEnumMemberName("heading")] Heading,
}

[JsonConverter(typeof(JsonStringEnumConverter<ContainerStyle>))]
public enum ContainerStyle
{
    [JsonStringEnumMemberName("default")] Default,
    [JsonStringEnumMemberName("emphasis")] Emphasis,
    [JsonStringEnumMemberName("good")] Good,
    [JsonStringEnumMemberName("attention")] Attention,
    [JsonStringEnumMemberName("warning")] Warning,
    [JsonStringEnumMemberName("accent")] Accent,
}

[JsonConverter(typeof(JsonStringEnumConverter<ImageSize>))]
public enum ImageSize
{
    [JsonStringEnumMemberName("auto")] Auto,
    [JsonStringEnumMemberName("stretch")] Stretch,
    [JsonStringEnumMemberName("small")] Small,
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("large")] Large,
}

[JsonConverter(typeof(JsonStringEnumConverter<ChoiceInputStyle>))]
public enum ChoiceInputStyle
{
    [JsonStringEnumMemberName("compact")] Compact,
    [JsonStringEnumMemberName("expanded")] Expanded,
}

[JsonConverter(typeof(JsonStringEnumConverter<ActionStyle>))]
public enum ActionStyle
{
    [JsonStringEnumMemberName("default")] Default,
    [JsonStringEnumMemberName("positive")] Positive,
    [JsonStringEnumMemberName("destructive")] Destructive,
}

/// <summary>Action.Execute / Action.Submit associatedInputs (schema 1.3+).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssociatedInputs>))]
public enum AssociatedInputs
{
    [JsonStringEnumMemberName("auto")] Auto,
    [JsonStringEnumMemberName("none")] None,
}

/// <summary>Teams host property msteams.width; "Full" is the only documented value (teams-protocol.md §6).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TeamsCardWidth>))]
public enum TeamsCardWidth
{
    [JsonStringEnumMemberName("Full")] Full,
}
