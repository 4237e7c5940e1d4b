using System.Text.Json;

namespace StaffConductAssistant.Data;

/// <summary>The JSON list columns of <see cref="Concern"/> (conduct ids, names), and the parent key its history uses.</summary>
public static class ConcernLists
{
    public static IReadOnlyList<string> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static string Write(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToList());

    /// <summary>"Dan  Price " and "dan price" are the same parent for their history.</summary>
    public static string ParentKey(string name) =>
        string.Join(' ', (name ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
