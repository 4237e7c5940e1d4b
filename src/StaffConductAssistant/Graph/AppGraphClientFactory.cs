using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using AzureIdentityAuthenticationProvider = Microsoft.Kiota.Authentication.Azure.AzureIdentityAuthenticationProvider;

namespace StaffConductAssistant.Graph;

/// <summary>
/// Builds the one <see cref="GraphServiceClient"/> from <see cref="GraphOptions"/>.
/// Credentials are decided by the base URL, never by the environment name:
/// <list type="bullet">
/// <item>loopback host → a fixed fake bearer token; no credential object is created, so no real token is ever
/// requested or sent to a local server;</item>
/// <item>any other host → the credential <see cref="CreateCredential"/> picks; tokens are only attached for that exact host.</item>
/// </list>
/// </summary>
public static class AppGraphClientFactory
{
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>The token sent to a loopback fake Graph. Not a JWT, so nothing could mistake it for a real one.</summary>
    public const string LoopbackFakeToken = "fake-loopback-token";

    /// <summary>Returns null when Graph isn't configured (see <see cref="GraphOptions.IsConfigured"/>).</summary>
    /// <param name="observer">Sees every try on the wire (after the retry handler), for the Graph error count.</param>
    public static GraphServiceClient? TryCreate(GraphOptions options, DelegatingHandler? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return null;
        }

        var baseUri = new Uri(options.BaseUrl.TrimEnd('/'));
        IAuthenticationProvider auth = baseUri.IsLoopback
            ? new BaseBearerTokenAuthenticationProvider(new LoopbackTokenProvider(baseUri.Host))
            : new AzureIdentityAuthenticationProvider(CreateCredential(options), [baseUri.Host], null, true, GraphScope);

        var handlers = GraphClientFactory.CreateDefaultHandlers();
        for (var i = 0; i < handlers.Count; i++)
        {
            if (handlers[i] is RetryHandler)
            {
                // The SDK default retries 429/503/504 up to 3 times with multi-second back-offs. Our caller has a
                // few seconds in total (the invoke's 5 s), so allow one short retry and give up on long Retry-After.
                handlers[i] = new RetryHandler(new RetryHandlerOption
                {
                    MaxRetry = 1,
                    Delay = 1,
                    RetriesTimeLimit = TimeSpan.FromSeconds(2),
                    // In this Kiota version the delegate alone decides (it is consulted even for 200 OK), so it must
                    // name the transient codes itself: throttled or briefly unavailable, and only for a short wait.
                    ShouldRetry = (delay, _, response) => IsTransient(response.StatusCode) && delay <= 2,
                });
            }
        }

        if (observer is not null)
        {
            handlers.Add(observer);
        }

        var httpClient = GraphClientFactory.Create(handlers);

        // The per-read budget is enforced by the reader's own cancellation; this is only a backstop.
        httpClient.Timeout = options.Timeout + TimeSpan.FromSeconds(5);
        return new GraphServiceClient(httpClient, auth, baseUri.ToString().TrimEnd('/'));
    }

    private static bool IsTransient(System.Net.HttpStatusCode status) =>
        status is System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// The audience of the managed identity's token that Entra exchanges for the app's token: a federated identity
    /// credential on the app trusts the managed identity (Learn: "Configure an application to trust a managed identity").
    /// </summary>
    public const string TokenExchangeScope = "api://AzureADTokenExchange/.default";

    /// <summary>
    /// Who the app is to Graph:
    /// <list type="bullet">
    /// <item>a client secret is configured → that app registration with its secret (a developer's own tenant);</item>
    /// <item>Graph:ClientId differs from Graph:ManagedIdentityClientId → the school's Entra app (the one the Teams manifest
    /// names in webApplicationInfo, so it holds the resource-specific consent and the Graph permissions), signing in with
    /// the managed identity's token as its client assertion: no secret anywhere (the Azure set-up, docs/deploy.md);</item>
    /// <item>otherwise → the managed identity itself.</item>
    /// </list>
    /// </summary>
    internal static TokenCredential CreateCredential(GraphOptions options)
    {
        if (!string.IsNullOrEmpty(options.ClientSecret))
        {
            return new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);
        }

        if (string.IsNullOrEmpty(options.ManagedIdentityClientId))
        {
            return new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        }

        var managedIdentity = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
        return string.Equals(options.ClientId, options.ManagedIdentityClientId, StringComparison.OrdinalIgnoreCase)
            ? managedIdentity
            : new ClientAssertionCredential(options.TenantId, options.ClientId, AssertionFrom(managedIdentity));
    }

    /// <summary>The client assertion for the Entra app: a token of the managed identity for <see cref="TokenExchangeScope"/>.</summary>
    internal static Func<CancellationToken, Task<string>> AssertionFrom(TokenCredential managedIdentity) =>
        async cancellationToken => (await managedIdentity.GetTokenAsync(new TokenRequestContext([TokenExchangeScope]), cancellationToken).ConfigureAwait(false)).Token;

    private sealed class LoopbackTokenProvider(string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(uri.IsLoopback ? LoopbackFakeToken : string.Empty);
    }
}
