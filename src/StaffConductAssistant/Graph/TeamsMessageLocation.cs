namespace StaffConductAssistant.Graph;

/// <summary>Where a Teams message lives, in the ids Graph expects. Create with <see cref="Channel"/> or <see cref="Chat"/>.</summary>
public abstract record TeamsMessageLocation(string MessageId)
{
    /// <param name="teamGroupId">The team's Entra (AAD) group id, i.e. channelData.team.aadGroupId — NOT the "19:…" Teams id.</param>
    /// <param name="channelId">"19:…@thread.tacv2" (channelData.channel.id).</param>
    /// <param name="messageId">The message the action was used on (messagePayload.id).</param>
    /// <param name="rootMessageId">For a reply: the id of the thread's first message; null or equal to <paramref name="messageId"/> for a top-level post.</param>
    public static ChannelMessageLocation Channel(string teamGroupId, string channelId, string messageId, string? rootMessageId = null) =>
        new(teamGroupId, channelId, messageId, rootMessageId);

    public static ChatMessageLocation Chat(string chatId, string messageId) => new(chatId, messageId);
}

public sealed record ChannelMessageLocation(string TeamGroupId, string ChannelId, string MessageId, string? RootMessageId)
    : TeamsMessageLocation(MessageId)
{
    /// <summary>True when the message is a reply inside a thread, read via …/messages/{root}/replies/{id}.</summary>
    public bool IsReply => !string.IsNullOrEmpty(RootMessageId) && !string.Equals(RootMessageId, MessageId, StringComparison.Ordinal);
}

public sealed record ChatMessageLocation(string ChatId, string MessageId) : TeamsMessageLocation(MessageId);
