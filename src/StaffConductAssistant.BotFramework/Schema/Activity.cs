using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>
/// A Bot Framework activity, with the JSON names of the Activity spec
/// (https://github.com/microsoft/botframework-sdk/blob/main/specs/botframework-activity/botframework-activity.md).
/// Receivers must accept unknown fields (spec): anything not declared here survives a round trip in
/// <see cref="AdditionalProperties"/>. Open-ended payloads (<c>channelData</c>, <c>value</c>) stay JSON.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    /// <summary>UTC, written with a <c>Z</c> as the spec asks.</summary>
    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? Timestamp { get; set; }

    public DateTimeOffset? LocalTimestamp { get; set; }

    public string? LocalTimezone { get; set; }

    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public string? TextFormat { get; set; }

    public string? AttachmentLayout { get; set; }

    public string? Text { get; set; }

    public string? Summary { get; set; }

    public string? Locale { get; set; }

    public IList<Attachment>? Attachments { get; set; }

    public IList<Entity>? Entities { get; set; }

    public JsonElement? ChannelData { get; set; }

    public string? Action { get; set; }

    public string? ReplyToId { get; set; }

    public string? Label { get; set; }

    public string? ValueType { get; set; }

    public JsonElement? Value { get; set; }

    public string? Name { get; set; }

    public IList<ChannelAccount>? MembersAdded { get; set; }

    public IList<ChannelAccount>? MembersRemoved { get; set; }

    public string? Importance { get; set; }

    public string? DeliveryMode { get; set; }

    public string? CallerId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>A new outgoing message. Address it with <see cref="ConversationReference.ApplyTo"/> or send it through the connector.</summary>
    public static Activity CreateMessage(string? text = null, IEnumerable<Attachment>? attachments = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Attachments = attachments?.ToList(),
    };

    /// <summary>A message replying to this activity: sender and recipient swapped, same conversation, <c>replyToId</c> = this id.</summary>
    public Activity CreateReply(string? text = null, IEnumerable<Attachment>? attachments = null)
    {
        var reply = CreateMessage(text, attachments);
        reply.From = Recipient is null ? null : new ChannelAccount { Id = Recipient.Id, Name = Recipient.Name };
        reply.Recipient = From is null ? null : new ChannelAccount { Id = From.Id, Name = From.Name, AadObjectId = From.AadObjectId };
        reply.Conversation = Conversation;
        reply.ServiceUrl = ServiceUrl;
        reply.ChannelId = ChannelId;
        reply.Locale = Locale;
        reply.ReplyToId = Id;
        return reply;
    }

    /// <summary>What to store to reach this conversation later (Bot Framework ConversationReference).</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        Locale = Locale,
        ServiceUrl = ServiceUrl,
    };

    /// <summary>The tenant: <c>conversation.tenantId</c>, else Teams' <c>channelData.tenant.id</c>.</summary>
    public string? GetTenantId() =>
        Conversation?.TenantId is { Length: > 0 } tenantId ? tenantId : GetChannelDataString("tenant", "id");

    /// <summary>Teams <c>channelData.team.id</c> (present for activities from a team channel).</summary>
    public string? GetTeamsTeamId() => GetChannelDataString("team", "id");

    /// <summary>Teams <c>channelData.channel.id</c> (present for activities from a team channel).</summary>
    public string? GetTeamsChannelId() => GetChannelDataString("channel", "id");

    /// <summary>Teams <c>channelData.eventType</c> (on conversationUpdate: teamMemberAdded, channelCreated...).</summary>
    public string? GetTeamsEventType() => GetChannelDataString("eventType");

    /// <summary>
    /// Reads <c>value</c> as <typeparamref name="T"/> (for invokes: see the types in the Invokes namespace). A value that is
    /// not the shape the protocol gives it (a string where an object belongs, a number for <c>verb</c>) reads as absent,
    /// as a missing one does: the sender is wrong, so the handler answers "nothing was done", never a 500.
    /// </summary>
    public T? GetValue<T>()
    {
        try
        {
            return BotJson.Read<T>(Value);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>A string at a path inside <c>channelData</c>, or null when any step is missing or not an object.</summary>
    public string? GetChannelDataString(params ReadOnlySpan<string> path)
    {
        if (ChannelData is not { ValueKind: JsonValueKind.Object } current)
        {
            return null;
        }

        foreach (var step in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }
}
