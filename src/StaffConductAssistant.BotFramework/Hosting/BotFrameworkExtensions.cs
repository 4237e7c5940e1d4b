using System.Diagnostics.CodeAnalysis;
using System.Net;
using Azure.Core;
using Azure.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using StaffConductAssistant.BotFramework.Authentication;
using StaffConductAssistant.BotFramework.Connector;

namespace StaffConductAssistant.BotFramework.Hosting;

/// <summary><c>services.AddBotFramework()</c> and <c>app.MapBotFramework("/api/messages")</c>.</summary>
public static class BotFrameworkExtensions
{
    /// <summary>
    /// Options (section <c>Bot</c>, validated at start), inbound authentication, the per-request
    /// <see cref="BotRequestContext"/> and <see cref="IConnectorClient"/>. The app registers its own <see cref="IActivityHandler"/>.
    /// </summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotOptionsValidator>());
        services.AddHostedService<LocalModeNotice>();

        services.AddHttpClient(OpenIdKeyCache.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton(sp => new OpenIdKeyCache(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<BotOptions>>(),
            sp.GetRequiredService<ILogger<OpenIdKeyCache>>(),
            TimeProvider.System));
        // The clock for token lifetimes (the app may already have registered its own).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BotRequestAuthenticator>();
        services.TryAddScoped<BotRequestContext>();

        services.TryAddKeyedSingleton<TokenCredential>(ConnectorClient.CredentialKey, (sp, _) =>
            CreateCredential(sp.GetRequiredService<IOptions<BotOptions>>().Value));
        services.TryAddSingleton<ServiceUrlAllowList>();
        services.TryAddSingleton<IConnectorClient, ConnectorClient>();
        services.AddHttpClient(ConnectorClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("bot-connector", ConfigureConnectorResilience);
        return services;
    }

    /// <summary>POST (activities) and HEAD (the Agents Playground's probe) at <paramref name="pattern"/>.</summary>
    public static IEndpointConventionBuilder MapBotFramework(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/api/messages")
    {
        var group = endpoints.MapGroup(pattern);
        group.MapPost(string.Empty, BotEndpoint.HandlePostAsync);
        group.MapMethods(string.Empty, [HttpMethods.Head], BotEndpoint.HandleHead);
        return group;
    }

    /// <summary>
    /// Connector rate limits and errors (teams-protocol §3): retry 429 (honouring Retry-After), 412, 502, 503, 504,
    /// a bounded number of times with jittered exponential backoff. 500 is not retried, and POST has no idempotency
    /// key, so a retry after a timeout can post twice: the bound stays small.
    /// </summary>
    private static void ConfigureConnectorResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline.AddTimeout(TimeSpan.FromSeconds(60));
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Exception: HttpRequestException or TimeoutRejectedException } => true,
                { Result: { } response } => IsRetryable(response.StatusCode),
                _ => false,
            }),
        });
        pipeline.AddTimeout(TimeSpan.FromSeconds(15));
    }

    private static bool IsRetryable(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// Client secret when Bot:ClientSecret is set (tenant Bot:TenantId, else botframework.com for multi-tenant bots,
    /// per the auth doc's token endpoints); otherwise a managed identity (user-assigned when Bot:ManagedIdentityClientId is set).
    /// </summary>
    private static TokenCredential CreateCredential(BotOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.AppId))
        {
            return new UnavailableCredential();
        }

        if (!string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            var tenant = string.IsNullOrWhiteSpace(options.TenantId) ? "botframework.com" : options.TenantId;
            return new ClientSecretCredential(tenant, options.AppId, options.ClientSecret);
        }

        return string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
    }
}
