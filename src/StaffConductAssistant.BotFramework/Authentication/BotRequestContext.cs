namespace StaffConductAssistant.BotFramework.Authentication;

/// <summary>How the current request proved where it came from.</summary>
public enum BotCallerKind
{
    /// <summary>Not authenticated (the request never reaches the handler in this state).</summary>
    None,

    /// <summary>A valid Bot Connector token.</summary>
    BotConnector,

    /// <summary>Local mode: Development, no Bot:AppId, a token-less request from a loopback address (the Agents Playground).</summary>
    LocalMode,
}

/// <summary>Scoped per request: lets the activity handler know whether the request carried a verified token.</summary>
public sealed class BotRequestContext
{
    public BotCallerKind Caller { get; internal set; }

    public bool IsAuthenticated => Caller == BotCallerKind.BotConnector;
}
