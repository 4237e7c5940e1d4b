namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>Values of <c>conversation.conversationType</c> on the Teams channel (teams-protocol.md §4).</summary>
public static class ConversationTypes
{
    public const string Personal = "personal";
    public const string GroupChat = "groupChat";
    public const string Channel = "channel";
}
