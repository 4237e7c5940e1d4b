namespace StaffConductAssistant.Graph;

// Ids and status codes only: never message text, subjects, file names, people's names or email addresses.
internal static partial class GraphLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Graph is not configured; message {MessageId} not read")]
    public static partial void NotConfigured(ILogger logger, string messageId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Read message {MessageId}: {Status}")]
    public static partial void ReadDone(ILogger logger, string messageId, OriginalEmailStatus status);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Graph returned {StatusCode} reading message {MessageId} ({Stage})")]
    public static partial void GraphError(ILogger logger, int statusCode, string messageId, string stage);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Reading message {MessageId} was cancelled or timed out ({Stage})")]
    public static partial void TimedOut(ILogger logger, string messageId, string stage);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Could not reach Graph reading message {MessageId} ({Stage})")]
    public static partial void Unreachable(ILogger logger, Exception exception, string messageId, string stage);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Original email for message {MessageId} exceeds {MaxBytes} bytes; not downloaded")]
    public static partial void TooLarge(ILogger logger, string messageId, long maxBytes);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Graph returned {StatusCode} checking membership of group {GroupId}")]
    public static partial void MembershipCheckFailed(ILogger logger, int statusCode, string groupId);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "The .eml attachment of message {MessageId} is not the message's own file ({Where}); not downloaded")]
    public static partial void AttachmentRefused(ILogger logger, string messageId, string where);
}
