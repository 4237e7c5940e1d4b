using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>
/// A Teams team, from <c>GET /v3/teams/{teamId}</c>: <c>aadGroupId</c> is the id Microsoft Graph uses for the team.
/// See https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/get-teams-context.
/// </summary>
public sealed class TeamDetails
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadGroupId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
