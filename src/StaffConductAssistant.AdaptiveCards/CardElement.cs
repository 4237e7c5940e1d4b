using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.AdaptiveCards;

/// <summary>
/// Base of every body element. System.Text.Json writes the "type" discriminator first, as the
/// schema names it. Only the elements this app needs are modelled (schema 1.5).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(InputText), "Input.Text")]
[JsonDerivedType(typeof(InputChoiceSet), "Input.ChoiceSet")]
[JsonDerivedType(typeof(InputToggle), "Input.Toggle")]
[JsonDerivedType(typeof(InputDate), "Input.Date")]
[JsonDerivedType(typeof(InputTime), "Input.Time")]
public abstract record CardElement
{
    public string? Id { get; init; }

    public bool? IsVisible { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }
}

public sealed record TextBlock : CardElement
{
    /// <summary>Markdown subset. Pass untrusted text through <see cref="AdaptiveText.Escape"/> first.</summary>
    public required string Text { get; init; }

    public bool? Wrap { get; init; }

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public int? MaxLines { get; init; }

    public TextBlockStyle? Style { get; init; }
}

/// <summary>RichTextBlock: its TextRuns are never markdown-processed, so it suits verbatim text.</summary>
public sealed record RichTextBlock : CardElement
{
    public required IReadOnlyList<TextRun> Inlines { get; init; }
}

public sealed record TextRun
{
    [JsonPropertyOrder(-1)]
    [SuppressMessage("Performance", "CA1822", Justification = "An instance property so System.Text.Json writes the schema\'s \"type\".")]
    public string Type => "TextRun";

    public required string Text { get; init; }

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Italic { get; init; }

    public bool? Strikethrough { get; init; }

    public bool? Highlight { get; init; }
}

public sealed record FactSet : CardElement
{
    public required IReadOnlyList<Fact> Facts { get; init; }
}

/// <summary>A fact's value is markdown like TextBlock text; escape untrusted values.</summary>
public sealed record Fact(string Title, string Value);

public sealed record Container : CardElement
{
    public required IReadOnlyList<CardElement> Items { get; init; }

    public ContainerStyle? Style { get; init; }

    public bool? Bleed { get; init; }
}

public sealed record ColumnSet : CardElement
{
    public required IReadOnlyList<Column> Columns { get; init; }

    public ContainerStyle? Style { get; init; }

    public bool? Bleed { get; init; }
}

/// <summary>Column is not a body element in the schema (only valid inside ColumnSet.columns).</summary>
public sealed record Column
{
    [JsonPropertyOrder(-1)]
    [SuppressMessage("Performance", "CA1822", Justification = "An instance property so System.Text.Json writes the schema\'s \"type\".")]
    public string Type => "Column";

    public string? Id { get; init; }

    public bool? IsVisible { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }

    public ColumnWidth? Width { get; init; }

    public ContainerStyle? Style { get; init; }

    public required IReadOnlyList<CardElement> Items { get; init; }
}

/// <summary>Universal Actions guidance: put each Action.Execute in an ActionSet (teams-protocol.md §6).</summary>
public sealed record ActionSet : CardElement
{
    public required IReadOnlyList<CardAction> Actions { get; init; }
}

public sealed record Image : CardElement
{
    public required Uri Url { get; init; }

    /// <summary>Required by us, not the schema: screen readers need it.</summary>
    public required string AltText { get; init; }

    public ImageSize? Size { get; init; }
}
