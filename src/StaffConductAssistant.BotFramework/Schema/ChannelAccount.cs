using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>
/// A user or bot on a channel (<c>from</c>, <c>recipient</c>, <c>membersAdded</c>...). Teams ids: users <c>29:…</c>,
/// bots <c>28:&lt;appId&gt;</c>. Fields the connector adds (<c>email</c>, <c>userPrincipalName</c>, <c>tenantId</c>...)
/// stay in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>A string-valued property the schema does not declare (for example <c>email</c> or <c>userPrincipalName</c>).</summary>
    public string? GetAdditionalString(string name) =>
        AdditionalProperties is not null && AdditionalProperties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
