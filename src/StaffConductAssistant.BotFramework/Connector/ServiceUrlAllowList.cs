using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StaffConductAssistant.BotFramework.Hosting;

namespace StaffConductAssistant.BotFramework.Connector;

/// <summary>Where a call may go and whether it carries the bot's token.</summary>
internal readonly record struct ServiceUrlTarget(Uri BaseUri, bool SendToken);

/// <summary>Registered only by tests: lets a token-carrying bot call a loopback fake connector over http.</summary>
internal sealed class AllowLoopbackServiceUrlWithToken;

/// <summary>
/// The allow-list that keeps a crafted <c>serviceUrl</c> from receiving the bot's token (the auth doc treats the
/// token like a password): https to an allowed host with a token; loopback (http or https) without a token, in
/// local mode only.
/// </summary>
internal sealed class ServiceUrlAllowList(
    IOptions<BotOptions> options,
    IHostEnvironment environment,
    IEnumerable<AllowLoopbackServiceUrlWithToken> testOverrides,
    ILogger<ServiceUrlAllowList> logger)
{
    private readonly bool _loopbackWithToken = testOverrides.Any();

    public ServiceUrlTarget Resolve(string serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ServiceUrlNotAllowedException("The service URL is not an absolute URL.");
        }

        var baseUri = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        var settings = options.Value;
        if (LoopbackAddresses.IsLoopbackHost(uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            if (settings.IsLocalMode(environment.IsDevelopment()))
            {
                return new ServiceUrlTarget(baseUri, SendToken: false);
            }

            if (_loopbackWithToken)
            {
                return new ServiceUrlTarget(baseUri, SendToken: true);
            }
        }
        else if (uri.Scheme == Uri.UriSchemeHttps && IsAllowedHost(uri.IdnHost, settings.EffectiveAllowedServiceUrlHosts))
        {
            return new ServiceUrlTarget(baseUri, SendToken: true);
        }

        Log.ServiceUrlRefused(logger, uri.IdnHost);
        throw new ServiceUrlNotAllowedException($"The service URL host '{uri.IdnHost}' is not in Bot:AllowedServiceUrlHosts.");
    }

    internal static bool IsAllowedHost(string host, IEnumerable<string> allowed)
    {
        foreach (var entry in allowed)
        {
            if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                if (host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase) && host.Length > entry.Length - 1)
                {
                    return true;
                }
            }
            else if (string.Equals(host, entry, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
