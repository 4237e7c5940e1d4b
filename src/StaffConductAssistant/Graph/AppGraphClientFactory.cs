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
/// <item>any other host → <see cref="ClientSecretCredential"/> when a secret is configured, else
/// <see cref="ManagedIdentityCredential"/>; tokens are only attached for that exact host.</item>
/// </list>
/// </summary>
public static class AppGraphClientFactory
{
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>The token sent to a loopback fake Graph. Not a JWT, so nothing could mistake it for a real one.</summary>
    public const string LoopbackFakeToken = "fake-loopback-token";

    /// <summary>Returns null when Graph isn't configured (see <see cref="GraphOptions.IsConfigured"/>).</summary>
    public static GraphServiceClient? TryCreate(GraphOptions options)
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

        var httpClient = GraphClientFactory.Create(handlers);

        // The per-read budget is enforced by the reader's own cancellation; this is only a backstop.
        httpClient.Timeout = options.Timeout + TimeSpan.FromSeconds(5);
        return new GraphServiceClient(httpClient, auth, baseUri.ToString().TrimEnd('/'));
    }

    private static bool IsTransient(System.Net.HttpStatusCode status) =>
        status is System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.GatewayTimeout;

    private static TokenCredential CreateCredential(GraphOptions options) =>
        string.IsNullOrEmpty(options.ClientSecret)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(options.ManagedIdentityClientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId))
            : new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);

    private sealed class LoopbackTokenProvider(string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(uri.IsLoopback ? LoopbackFakeToken : string.Empty);
    }
}
