using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.BotFramework.Invokes;

/// <summary>
/// Body of the answer to <c>adaptiveCard/action</c>: <c>{statusCode, type, value}</c>. The HTTP status stays 200
/// whenever the bot processed the request; errors travel in <see cref="StatusCode"/>.
/// </summary>
public sealed class AdaptiveCardInvokeResponse
{
    public const string CardType = Attachment.AdaptiveCardContentType;
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    public int StatusCode { get; set; } = 200;

    public string? Type { get; set; }

    public object? Value { get; set; }

    /// <summary>A new card for the user who acted (it replaces the card on their client).</summary>
    public static AdaptiveCardInvokeResponse Card(object card) => new() { StatusCode = 200, Type = CardType, Value = card };

    /// <summary>A short text the client shows.</summary>
    public static AdaptiveCardInvokeResponse Message(string text) => new() { StatusCode = 200, Type = MessageType, Value = text };

    /// <summary>An error (400 or 500 in the spec) with <c>{code, message}</c>.</summary>
    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message) =>
        new() { StatusCode = statusCode, Type = ErrorType, Value = new InvokeError(code, message) };
}

/// <summary>The <c>{code, message}</c> error shape used by invoke answers.</summary>
public sealed record InvokeError(string Code, string Message);
