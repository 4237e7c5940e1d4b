namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>Values of <c>activity.name</c> on <c>invoke</c> activities that Teams sends.</summary>
public static class InvokeNames
{
    public const string AdaptiveCardAction = "adaptiveCard/action";
    public const string MessagingExtensionFetchTask = "composeExtension/fetchTask";
    public const string MessagingExtensionSubmitAction = "composeExtension/submitAction";
    public const string MessagingExtensionQuery = "composeExtension/query";
    public const string MessagingExtensionQueryLink = "composeExtension/queryLink";
    public const string MessagingExtensionSelectItem = "composeExtension/selectItem";
    public const string TaskFetch = "task/fetch";
    public const string TaskSubmit = "task/submit";
    public const string SignInVerifyState = "signin/verifyState";
    public const string SignInTokenExchange = "signin/tokenExchange";
}
