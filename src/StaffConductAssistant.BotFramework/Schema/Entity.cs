using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>
/// An entry of <c>activity.entities</c> (Teams: <c>clientInfo</c>, <c>mention</c>). Everything but <c>type</c> stays
/// as JSON; receivers must ignore entities they don't know (Activity spec).
/// </summary>
public sealed class Entity
{
    public string? Type { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
