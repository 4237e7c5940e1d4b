namespace StaffConductAssistant.BotFramework.Invokes;

/// <summary>
/// The HTTP answer to an <c>invoke</c> POST itself: status plus JSON body (the invoke's <c>name</c> defines the body).
/// Returning null from the handler means "not handled" and is answered 501, as the Bot Framework does.
/// </summary>
public sealed record InvokeResponse(int Status, object? Body = null)
{
    public static InvokeResponse Ok(object? body = null) => new(200, body);

    public static InvokeResponse BadRequest(object? body = null) => new(400, body);

    public static InvokeResponse NotImplemented() => new(501);

    public static InvokeResponse InternalServerError(object? body = null) => new(500, body);

    /// <summary>An <c>adaptiveCard/action</c> answer: always HTTP 200, the outcome is in the body's statusCode.</summary>
    public static InvokeResponse AdaptiveCard(AdaptiveCardInvokeResponse body) => new(200, body);

    /// <summary>A <c>task/fetch</c>, <c>task/submit</c> or message extension <c>fetchTask</c> answer.</summary>
    public static InvokeResponse Task(TaskModuleResponse body) => new(200, body);

    /// <summary>A message extension <c>submitAction</c>/<c>query</c> answer.</summary>
    public static InvokeResponse MessagingExtension(MessagingExtensionActionResponse body) => new(200, body);
}
