using System.Net;
using Microsoft.AspNetCore.Http;

namespace StaffConductAssistant.BotFramework.Hosting;

/// <summary>
/// Who counts as local in local mode (no token): a loopback TCP peer whose request carries no forwarding header.
/// A dev tunnel or reverse proxy connects from loopback too, but says whom it forwards for; such a request is refused,
/// so the unauthenticated mode is never reachable from beyond the machine.
/// </summary>
public static class LocalCaller
{
    public static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "Forwarded", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Original-For"];

    public static bool IsLocal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return LoopbackAddresses.IsLoopback(http.Connection.RemoteIpAddress) && !IsForwarded(http);
    }

    public static bool IsForwarded(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return ForwardingHeaders.Any(h => http.Request.Headers.ContainsKey(h));
    }
}

/// <summary>Loopback checks shared by local mode, the metadata URL rule and the service URL allow-list.</summary>
internal static class LoopbackAddresses
{
    public static bool IsLoopback(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address);
    }

    /// <summary>127.0.0.0/8, ::1 or the name localhost.</summary>
    public static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var ip) && IsLoopback(ip));

    public static bool IsHttpsOrLoopbackHttp(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopbackHost(uri));
}
