using System.Net;
using Microsoft.Extensions.Options;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Hosting;

/// <summary>
/// Every API call checks who is asking. In local mode (Development, no bot app id), on loopback only, the
/// development sign-in names one of the configured users in the <c>X-Dev-User</c> header. Anything else is 401.
/// </summary>
public sealed class StaffCallerFilter(StaffDirectory directory, IOptions<BotOptions> bot, IOptions<RolesOptions> roles, IHostEnvironment environment) : IEndpointFilter
{
    public const string DevUserHeader = "X-Dev-User";
    private const string ItemKey = "staff-caller";

    public static StaffMember Caller(HttpContext http) =>
        http.Items[ItemKey] as StaffMember ?? throw new InvalidOperationException("The caller has not been checked.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var userId = LocalDevUser(http);
        if (userId is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in through Teams",
                detail: "Open Staff Conduct Assistant in Microsoft Teams to use this.");
        }

        http.Items[ItemKey] = await directory.GetAsync(userId, http.RequestAborted);
        return await next(context);
    }

    private string? LocalDevUser(HttpContext http)
    {
        if (!bot.Value.IsLocalMode(environment.IsDevelopment()) || http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return null;
        }

        var named = http.Request.Headers[DevUserHeader].ToString();
        return named.Length > 0 && roles.Value.Users.ContainsKey(named) ? named : null;
    }
}
