using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>
/// The one set of JSON settings for every Bot Framework payload: camelCase names as in the Activity spec,
/// nulls left out when writing (the Connector treats absent and null alike), case-insensitive reading.
/// </summary>
public static class BotJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Turns any object (a card model, channel data) into the <see cref="JsonElement"/> the schema types hold.</summary>
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>Reads a <see cref="JsonElement"/> (for example an invoke's <c>value</c>) as a typed object.</summary>
    public static T? Read<T>(JsonElement? element) =>
        element is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } e ? e.Deserialize<T>(Options) : default;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
