using System.Net;

namespace StaffConductAssistant.BotFramework.Connector;

/// <summary>The connector answered with an error: its status and its <c>{error: {code, message}}</c>.</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message) : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ConnectorException(HttpStatusCode statusCode, string? errorCode, string? errorMessage, string? correlatingOperationId)
        : base($"The Bot Connector answered {(int)statusCode} {errorCode}: {errorMessage}")
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        CorrelatingOperationId = correlatingOperationId;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>For example <c>ForbiddenOperationException</c>, <c>MessageSizeTooBig</c>.</summary>
    public string? ErrorCode { get; }

    public string? ErrorMessage { get; }

    /// <summary>The <c>X-Correlating-OperationId</c> header, to quote to Microsoft support.</summary>
    public string? CorrelatingOperationId { get; }
}

/// <summary>A service URL outside the allow-list: nothing was sent, no token was requested.</summary>
public sealed class ServiceUrlNotAllowedException : Exception
{
    public ServiceUrlNotAllowedException()
    {
    }

    public ServiceUrlNotAllowedException(string message) : base(message)
    {
    }

    public ServiceUrlNotAllowedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
