namespace StaffConductAssistant.Bot;

// Ids only: never message text, names or email addresses.
internal static partial class Log
{
    // Debug: one line per activity costs as much CPU as the rest of a card refresh (JSON console); refusals and
    // failures stay at Information and above.
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Activity {ActivityType} {ActivityId} in conversation type {ConversationType}")]
    public static partial void ActivityReceived(ILogger logger, string activityType, string? activityId, string? conversationType);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Invoke {InvokeName} {ActivityId} not handled")]
    public static partial void InvokeNotHandled(ILogger logger, string? invokeName, string? activityId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Invoke {InvokeName} {ActivityId} has a value of the wrong shape; answered 400")]
    public static partial void InvokeValueUnreadable(ILogger logger, string? invokeName, string? activityId);

    [LoggerMessage(EventId = 2090, Level = LogLevel.Warning, Message = "Invoke {InvokeName} {ActivityId} is over its sender's rate limit; answered Too many requests")]
    public static partial void InvokeRateLimited(ILogger logger, string? invokeName, string? activityId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Stored conversation {ConversationRecordId}")]
    public static partial void ConversationStored(ILogger logger, Guid conversationRecordId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Could not send to conversation {ConversationRecordId}: status {StatusCode}")]
    public static partial void SendFailed(ILogger logger, Guid conversationRecordId, int statusCode);
}
