using Microsoft.Extensions.Logging;

namespace StaffConductAssistant.BotFramework;

/// <summary>All log messages of the protocol library. Ids and status codes only: never message text or names.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Bot local mode: Development without Bot:AppId. Requests WITHOUT a token are accepted, from loopback addresses only.")]
    public static partial void LocalModeEnabled(ILogger logger);

    [LoggerMessage(2, LogLevel.Information, "Rejected a bot request with {Status}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, int status, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Rejected a bot request without a token in local mode: not from loopback, or forwarded by a proxy or tunnel")]
    public static partial void LocalModeNonLoopback(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "Fetched bot signing keys: {KeyCount} keys")]
    public static partial void SigningKeysFetched(ILogger logger, int keyCount);

    [LoggerMessage(5, LogLevel.Warning, "Could not fetch bot signing keys; keeping the previous ones")]
    public static partial void SigningKeysFetchFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Unknown signing key id {KeyId}; refetching the key set")]
    public static partial void UnknownKeyId(ILogger logger, string keyId);

    [LoggerMessage(7, LogLevel.Error, "The activity handler failed for activity {ActivityId} of type {ActivityType}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string? activityId, string? activityType);

    [LoggerMessage(8, LogLevel.Warning, "Refused to call a service URL that is not allowed (host {Host})")]
    public static partial void ServiceUrlRefused(ILogger logger, string host);

    [LoggerMessage(9, LogLevel.Warning, "Connector answered {Status} ({ErrorCode}) to {Method} {Operation}; correlating id {CorrelatingId}")]
    public static partial void ConnectorFailed(ILogger logger, int status, string? errorCode, string method, string operation, string? correlatingId);

    [LoggerMessage(10, LogLevel.Debug, "Activity {ActivityId} of type {ActivityType} accepted ({Authentication})")]
    public static partial void ActivityAccepted(ILogger logger, string? activityId, string? activityType, string authentication);
}
