using Azure.Core;

namespace StaffConductAssistant.BotFramework.Connector;

/// <summary>Stands in for a credential in local mode (no Bot:AppId): any attempt to get a token fails clearly.</summary>
internal sealed class UnavailableCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Bot:AppId is not set, so the bot has no credential to call a non-loopback service URL.");

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
