using System.Net;

namespace StaffConductAssistant.BotFramework.Hosting;

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
