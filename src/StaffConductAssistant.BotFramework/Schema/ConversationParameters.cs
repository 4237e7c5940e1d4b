using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>
/// Body of <c>POST /v3/conversations</c> (proactive 1:1). Teams wants the tenant both in <c>tenantId</c> and in
/// <c>channelData.tenant.id</c>; <see cref="ForPersonalChat"/> fills both.
/// </summary>
public sealed class ConversationParameters
{
    public bool? IsGroup { get; set; }

    public ChannelAccount? Bot { get; set; }

    public IList<ChannelAccount>? Members { get; set; }

    public string? TopicName { get; set; }

    public string? TenantId { get; set; }

    public JsonElement? ChannelData { get; set; }

    public Activity? Activity { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>A 1:1 conversation between the bot and one member (Teams id <c>29:…</c> or Entra object id).</summary>
    public static ConversationParameters ForPersonalChat(string botId, string memberId, string tenantId) => new()
    {
        IsGroup = false,
        Bot = new ChannelAccount { Id = botId },
        Members = [new ChannelAccount { Id = memberId }],
        TenantId = tenantId,
        ChannelData = BotJson.ToElement(new { tenant = new { id = tenantId } }),
    };
}

/// <summary>The connector's answer to <c>POST /v3/conversations</c>.</summary>
public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }

    public string? ActivityId { get; set; }

    public string? ServiceUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
