using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.AdaptiveCards;

/// <summary>
/// Column.width: the schema allows "auto", "stretch", a pixel string ("50px") or a relative weight
/// (a number). Weights are written as JSON numbers, the rest as strings.
/// </summary>
[JsonConverter(typeof(ColumnWidthConverter))]
public readonly record struct ColumnWidth
{
    private ColumnWidth(string? keyword, int number) => (Keyword, Number) = (keyword, number);

    /// <summary>"auto", "stretch" or "NNpx"; null for a weight.</summary>
    public string? Keyword { get; }

    /// <summary>The weight when <see cref="Keyword"/> is null.</summary>
    public int Number { get; }

    public static ColumnWidth Auto { get; } = new("auto", 0);

    public static ColumnWidth Stretch { get; } = new("stretch", 0);

    public static ColumnWidth Weight(int weight) =>
        weight > 0 ? new(null, weight) : throw new ArgumentOutOfRangeException(nameof(weight), "A column weight must be positive.");

    public static ColumnWidth Pixels(int pixels) =>
        pixels > 0 ? new(pixels.ToString(CultureInfo.InvariantCulture) + "px", 0) : throw new ArgumentOutOfRangeException(nameof(pixels), "A pixel width must be positive.");

    public override string ToString() => Keyword ?? Number.ToString(CultureInfo.InvariantCulture);
}

internal sealed class ColumnWidthConverter : JsonConverter<ColumnWidth>
{
    public override ColumnWidth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return ColumnWidth.Weight(reader.GetInt32());
        }

        var text = reader.GetString() ?? throw new JsonException("Column width must not be null.");
        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return ColumnWidth.Auto;
        }

        if (text.Equals("stretch", StringComparison.OrdinalIgnoreCase))
        {
            return ColumnWidth.Stretch;
        }

        if (text.EndsWith("px", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(0, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var px))
        {
            return ColumnWidth.Pixels(px);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var weight)
            ? ColumnWidth.Weight(weight)
            : throw new JsonException($"Unsupported column width \"{text}\".");
    }

    public override void Write(Utf8JsonWriter writer, ColumnWidth value, JsonSerializerOptions options)
    {
        if (value.Keyword is { } keyword)
        {
            writer.WriteStringValue(keyword);
        }
        else
        {
            writer.WriteNumberValue(value.Number);
        }
    }
}
