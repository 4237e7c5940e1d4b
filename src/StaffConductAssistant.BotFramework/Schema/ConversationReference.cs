using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>
/// Everything needed to reach a conversation later (proactive messages, PUT of a card). The spec requires
/// <c>channelId</c> and <c>conversation.id</c>; <c>serviceUrl</c> can change, so refresh it from each new activity.
/// </summary>
public sealed class ConversationReference
{
    /// <summary>The activity this reference was taken from (for a card the bot sent: its id, for a later PUT).</summary>
    public string? ActivityId { get; set; }

    public ChannelAccount? User { get; set; }

    public ChannelAccount? Bot { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public string? ChannelId { get; set; }

    public string? Locale { get; set; }

    public string? ServiceUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Addresses an outgoing activity to this conversation: from the bot, to the user.</summary>
    public Activity ApplyTo(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.From = Bot;
        activity.Recipient = User;
        activity.Conversation = Conversation;
        activity.ChannelId = ChannelId;
        activity.ServiceUrl = ServiceUrl;
        activity.Locale ??= Locale;
        return activity;
    }

    /// <summary>A new message addressed to this conversation.</summary>
    public Activity CreateMessage(string? text = null, IEnumerable<Attachment>? attachments = null) =>
        ApplyTo(Activity.CreateMessage(text, attachments));

    /// <summary>A new message replying to <see cref="ActivityId"/> in this conversation.</summary>
    public Activity CreateReply(string? text = null, IEnumerable<Attachment>? attachments = null)
    {
        var reply = CreateMessage(text, attachments);
        reply.ReplyToId = ActivityId;
        return reply;
    }
}
