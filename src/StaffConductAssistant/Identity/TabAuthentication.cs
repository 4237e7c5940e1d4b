using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Identity;

/// <summary>
/// How the tab's pages prove who is asking: the Teams SSO token (teams-protocol.md §9). Unset values fall back to
/// the bot's registration. The manifest's <c>webApplicationInfo</c> names the same app and Application ID URI
/// (<c>api://{domain}/{client id}</c>, a form Entra accepts for new registrations: docs/deploy.md, step 3).
/// </summary>
public sealed class TabAuthOptions
{
    public const string Section = "TabAuth";

    /// <summary>The Entra app (client) id the token is for; the v2 token's <c>aud</c>. Default: Bot:AppId.</summary>
    public string? ClientId { get; set; }

    /// <summary>The school's tenant; tokens from any other tenant are refused. Default: Bot:TenantId.</summary>
    public string? TenantId { get; set; }

    /// <summary>The Application ID URI; the v1 token's <c>aud</c>. Default: api://{App:PublicBaseUrl host}/{ClientId}.</summary>
    public string? ApplicationIdUri { get; set; }

    /// <summary>Where the signing keys are published. Default: the tenant's v2.0 OpenID configuration.</summary>
    public string? MetadataUrl { get; set; }

    /// <summary>The delegated scope the tab's token must carry (<c>scp</c>).</summary>
    public string Scope { get; set; } = "access_as_user";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(TenantId);
}

public static class TabAuthentication
{
    /// <summary>The scheme tab APIs use: the Teams token, or in local mode the development sign-in.</summary>
    public const string Scheme = "Tab";
    public const string BearerScheme = "TabBearer";
    public const string DevScheme = "TabDevSignIn";
    public const string Policy = "Tab";

    /// <summary>The Entra object id of the signed-in user; every tab API keys users on it (with the tenant).</summary>
    public const string ObjectIdClaim = "oid";

    /// <summary>The development sign-in's cookie, naming one of the configured Roles:Users.</summary>
    public const string DevCookie = "sca-dev-user";

    public static IServiceCollection AddTabAuthentication(this IServiceCollection services)
    {
        services.AddOptions<TabAuthOptions>().BindConfiguration(TabAuthOptions.Section)
            .PostConfigure<IOptions<BotOptions>, IOptions<AppOptions>>((tab, bot, app) =>
            {
                tab.ClientId = NullIfBlank(tab.ClientId) ?? NullIfBlank(bot.Value.AppId);
                tab.TenantId = NullIfBlank(tab.TenantId) ?? NullIfBlank(bot.Value.TenantId);
                tab.ApplicationIdUri = NullIfBlank(tab.ApplicationIdUri)
                    ?? (tab.ClientId is null ? null : $"api://{app.Value.PublicBaseUrl.Host.ToLowerInvariant()}/{tab.ClientId}");
                tab.MetadataUrl = NullIfBlank(tab.MetadataUrl)
                    ?? (tab.TenantId is null ? null : $"https://login.microsoftonline.com/{tab.TenantId}/v2.0/.well-known/openid-configuration");
            });

        services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Teams tab", o => o.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer(BearerScheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, DevSignInHandler>(DevScheme, _ => { });

        services.AddOptions<JwtBearerOptions>(BearerScheme).Configure<IOptions<TabAuthOptions>>((jwt, tabOptions) =>
        {
            var tab = tabOptions.Value;

            // Keep Entra's short claim names ("oid", "tid", "scp") instead of the legacy SOAP URIs.
            jwt.MapInboundClaims = false;
            jwt.MetadataAddress = tab.MetadataUrl ?? "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";
            jwt.RequireHttpsMetadata = !(Uri.TryCreate(jwt.MetadataAddress, UriKind.Absolute, out var metadata) && metadata.IsLoopback);
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                // Not configured: no audience can match, so every token is refused (401) rather than half-checked.
                ValidAudiences = tab.IsConfigured ? new[] { tab.ClientId!, tab.ApplicationIdUri! } : ["(TabAuth:ClientId is not set)"],

                // §9: v2 tokens come from login.microsoftonline.com/{tid}/v2.0, v1 from sts.windows.net/{tid}/.
                ValidIssuers = tab.IsConfigured
                    ? [$"https://login.microsoftonline.com/{tab.TenantId}/v2.0", $"https://sts.windows.net/{tab.TenantId}/"]
                    : ["(TabAuth:TenantId is not set)"],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ClockSkew = TimeSpan.FromMinutes(5),
                NameClaimType = "name",
            };
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    // The issuer names the tenant, but check tid too: a user is keyed on oid + tid (§9).
                    var principal = context.Principal!;
                    var tid = principal.FindFirstValue("tid");
                    var scopes = (principal.FindFirstValue("scp") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (!string.Equals(tid, tab.TenantId, StringComparison.OrdinalIgnoreCase))
                    {
                        context.Fail("The token is from another tenant.");
                    }
                    else if (!scopes.Contains(tab.Scope, StringComparer.Ordinal))
                    {
                        context.Fail("The token does not carry the tab's scope.");
                    }
                    else if (string.IsNullOrWhiteSpace(principal.FindFirstValue(ObjectIdClaim)))
                    {
                        context.Fail("The token names no user (oid).");
                    }

                    return Task.CompletedTask;
                },
            };
        });

        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ObjectIdClaim));
        return services;
    }

    /// <summary>True when the development sign-in may be used for this request: local mode and a loopback caller, not forwarded.</summary>
    public static bool DevSignInAllowed(HttpContext http)
    {
        var environment = http.RequestServices.GetRequiredService<IWebHostEnvironment>();
        var bot = http.RequestServices.GetRequiredService<IOptions<BotOptions>>().Value;
        return bot.IsLocalMode(environment.IsDevelopment()) && LocalCaller.IsLocal(http);
    }

    private static string SelectScheme(HttpContext http) =>
        http.Request.Headers.Authorization.Count == 0 && DevSignInAllowed(http) ? DevScheme : BearerScheme;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// Local mode only (Development, no Bot:AppId, loopback caller): the cookie names one of the configured
/// Roles:Users, so the tab can be tried without Entra. Anywhere else it authenticates no one.
/// </summary>
public sealed class DevSignInHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<RolesOptions> roles) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TabAuthentication.DevSignInAllowed(Context)
            || !Request.Cookies.TryGetValue(TabAuthentication.DevCookie, out var userId)
            || string.IsNullOrWhiteSpace(userId)
            || !roles.Value.Users.ContainsKey(userId))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(TabAuthentication.ObjectIdClaim, userId)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}

/// <summary>
/// Every tab and email-draft API answers only the school's staff: a guest, a pupil or a token with no user gets 403 and
/// a plain message (the access rule's), before any handler runs.
/// </summary>
public sealed class StaffOnlyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var me = await CurrentStaff.BindAsync(context.HttpContext);
        var access = CaseAccess.Check(me?.Member ?? StaffMember.Nobody, SchoolOperation.UseApp);
        return access.Allowed ? await next(context) : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
    }
}

/// <summary>
/// The staff member making a tab API call, bound as an endpoint parameter: the token's (or development sign-in's)
/// object id, with roles from <see cref="StaffDirectory"/>. Only on endpoints that require <see cref="TabAuthentication.Policy"/>.
/// </summary>
public sealed record CurrentStaff(StaffMember Member)
{
    public string UserId => Member.UserId;

    /// <summary>Asked of the access rule: SLT and the Headmistress work from every concern they are not named in.</summary>
    public bool SeesAllConcerns => Cases.CaseAccess.ScopeOf(Member).All;

    /// <summary>Asked of the access rule: SLT keep the roster (the school must be told who each group's moderator is).</summary>
    public bool CanEditRoster => Cases.CaseAccess.Check(Member, Cases.SchoolOperation.EditRoster).Allowed;

    /// <summary>The role a change is recorded under in the audit trail.</summary>
    public Cases.StaffRole ActingRole => Cases.CaseAccess.BestRole(Member.Roles);

    /// <summary>
    /// The person's name, as the token gives it (or, in local mode, Roles:StaffNames): a decision taken from the tab
    /// signs its letter with it, as one taken on a card signs with the name Teams sends.
    /// </summary>
    public string? Name { get; init; }

    public static async ValueTask<CurrentStaff?> BindAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var userId = http.User.FindFirstValue(TabAuthentication.ObjectIdClaim);
        if (string.IsNullOrWhiteSpace(userId))
        {
            return null;
        }

        // Once per request: the staff-only filter and the endpoint's parameter both ask.
        if (http.Items.TryGetValue(typeof(CurrentStaff), out var known) && known is CurrentStaff same && same.UserId == userId)
        {
            return same;
        }

        var directory = http.RequestServices.GetRequiredService<StaffDirectory>();
        var named = http.User.FindFirstValue("name") is { Length: > 0 } claimed ? claimed
            : http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RolesOptions>>().Value.StaffNames.GetValueOrDefault(userId);
        var me = new CurrentStaff(await directory.GetAsync(userId, http.RequestAborted)) { Name = named };
        http.Items[typeof(CurrentStaff)] = me;
        return me;
    }
}
