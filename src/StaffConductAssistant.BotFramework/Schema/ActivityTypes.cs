namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>Values of <c>activity.type</c> (Bot Framework Activity spec; the ones Teams sends).</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string Event = "event";
    public const string Typing = "typing";
}
