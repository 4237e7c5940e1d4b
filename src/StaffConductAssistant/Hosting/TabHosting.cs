using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Features.AuditTrail;
using StaffConductAssistant.Features.ConcernsTab;
using StaffConductAssistant.Features.ParentRecord;
using StaffConductAssistant.Features.SubjectAccess;
using StaffConductAssistant.Features.ModeratorRoster;
using StaffConductAssistant.Features.PrintLetter;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Features.DecideResponse;

namespace StaffConductAssistant.Hosting;

/// <summary>
/// The Teams tabs: server-sent static pages (plain HTML and JavaScript modules, no build step) over JSON APIs
/// under /api/tab. Pages are public shells with no data; every API call is authenticated and checked.
/// </summary>
public static partial class TabHosting
{
    /// <summary>
    /// §9 Hosting: the page may only be framed by Teams, Microsoft 365 and Outlook; scripts only from the app itself
    /// (the Teams SDK is served from the app, never a CDN).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; " +
        "frame-ancestors 'self' teams.microsoft.com *.teams.microsoft.com *.cloud.microsoft *.microsoft365.com *.office.com " +
        "outlook.office.com outlook.office365.com outlook-sdf.office.com outlook-sdf.office365.com *.teams.microsoft.us";

    private static readonly Dictionary<string, string> Pages = new(StringComparer.Ordinal)
    {
        ["/tab/roster"] = "roster.html",
        ["/tab/concerns"] = "concerns.html",
        ["/tab/concerns/{id:int}"] = "case.html",
        ["/tab/overview"] = "overview.html",
        ["/tab/log-email"] = "log-email.html",
        ["/tab/audit"] = "audit.html",
        ["/tab/parents/{id:int}"] = "parent.html",
        ["/tab/letters"] = "letters.html",
        ["/tab/site-bans"] = "site-bans.html",
    };

    public static IServiceCollection AddTabs(this IServiceCollection services)
    {
        services.AddOptions<SchoolOptions>().BindConfiguration(SchoolOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DecisionOptions>().BindConfiguration(DecisionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTabAuthentication();
        return services;
    }

    public static IEndpointRouteBuilder MapTabs(this IEndpointRouteBuilder endpoints)
    {
        var environment = endpoints.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        // The source folder when run from the project (edits show at once), else the copy beside the app's dll: the
        // content root is the working directory, so `dotnet /app/StaffConductAssistant.dll` from elsewhere has no
        // wwwroot there, and PhysicalFileProvider throws for a folder that does not exist.
        var sourceFiles = Path.Combine(environment.ContentRootPath, "wwwroot", "tab");
        var files = new PhysicalFileProvider(Directory.Exists(sourceFiles) ? sourceFiles : Path.Combine(AppContext.BaseDirectory, "wwwroot", "tab"));

        foreach (var (route, file) in Pages)
        {
            endpoints.MapGet(route, (HttpContext http) => ServePage(http, files, file)).ExcludeFromDescription();
        }

        endpoints.MapGet("/tab/sign-in", (HttpContext http) =>
            TabAuthentication.DevSignInAllowed(http) ? ServePage(http, files, "sign-in.html") : Results.NotFound());

        endpoints.MapGet("/tab/assets/{name}", (HttpContext http, string name) =>
        {
            var match = AssetName().Match(name);
            var file = files.GetFileInfo(name);
            if (!match.Success || !file.Exists)
            {
                return Results.NotFound();
            }

            SecurityHeaders(http);
            var type = match.Groups["ext"].Value switch { "js" => "text/javascript", "css" => "text/css", _ => "image/svg+xml" };
            return Results.Stream(file.CreateReadStream(), type + (type == "image/svg+xml" ? string.Empty : "; charset=utf-8"));
        });

        // The Teams JavaScript SDK (npm @microsoft/teams-js), copied from node_modules at build: no CDN.
        endpoints.MapGet("/tab/lib/teams.js", (HttpContext http) =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, "wwwroot", "lib", "MicrosoftTeams.min.js");
            SecurityHeaders(http);
            return File.Exists(path) ? Results.File(path, "text/javascript; charset=utf-8") : Results.NotFound();
        });

        var api = endpoints.MapGroup("/api/tab");
        api.MapTabSession();
        var secured = api.MapGroup(string.Empty).RequireAuthorization(TabAuthentication.Policy).AddEndpointFilter<StaffOnlyFilter>();
        secured.MapRoster();
        secured.MapConcernsTab();
        secured.MapParentRecords();
        secured.MapSubjectAccess();
        Features.DiscloseCase.DisclosureEndpoints.MapDisclosures(secured);
        secured.MapAuditVerify();
        secured.MapPrintLetter();
        Features.EditLetterTemplates.LetterTemplateEndpoints.MapLetterTemplates(secured);
        Features.Tasks.TaskEndpoints.MapCaseTasks(secured);
        Features.SiteBans.SiteBanEndpoints.MapSiteBans(secured);
        return endpoints;
    }

    private static IResult ServePage(HttpContext http, PhysicalFileProvider files, string name)
    {
        var file = files.GetFileInfo(name);
        if (!file.Exists)
        {
            return Results.NotFound();
        }

        SecurityHeaders(http);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Stream(file.CreateReadStream(), "text/html; charset=utf-8");
    }

    internal static void SecurityHeaders(HttpContext http)
    {
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>Who the caller is, and the development sign-in (local mode, loopback only).</summary>
    private static void MapTabSession(this RouteGroupBuilder api)
    {
        api.MapGet("/me", async (HttpContext http) =>
        {
            var result = await http.AuthenticateAsync(TabAuthentication.Scheme);
            if (!result.Succeeded)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Not signed in",
                    detail: "Open Staff Conduct Assistant from Microsoft Teams to sign in.",
                    extensions: new Dictionary<string, object?> { ["devSignIn"] = TabAuthentication.DevSignInAllowed(http) });
            }

            http.User = result.Principal!;
            var me = await CurrentStaff.BindAsync(http);
            return Results.Ok(new
            {
                userId = me!.UserId,
                isStaff = me.Member.IsStaff,
                roles = me.Member.Roles.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToArray(),
                canEditRoster = me.CanEditRoster,
                seesAllConcerns = me.SeesAllConcerns,
                devSignIn = TabAuthentication.DevSignInAllowed(http),
            });
        });

        api.MapGet("/dev-users", (HttpContext http, IOptions<RolesOptions> roles) =>
            TabAuthentication.DevSignInAllowed(http)
                ? Results.Ok(roles.Value.Users.Select(u => new
                {
                    userId = u.Key,
                    name = roles.Value.StaffNames.TryGetValue(u.Key, out var name) ? name : null,
                    roles = u.Value,
                }).ToArray())
                : Results.NotFound());

        api.MapPost("/dev-sign-in", (HttpContext http, DevSignInRequest request, IOptions<RolesOptions> roles) =>
        {
            if (!TabAuthentication.DevSignInAllowed(http))
            {
                return Results.NotFound();
            }

            if (request.UserId is null || !roles.Value.Users.ContainsKey(request.UserId))
            {
                return Results.Problem(statusCode: 400, title: "Unknown user", detail: "Choose one of the users listed under Roles:Users.");
            }

            http.Response.Cookies.Append(TabAuthentication.DevCookie, request.UserId, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
            });
            return Results.NoContent();
        });

        api.MapPost("/dev-sign-out", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(TabAuthentication.DevCookie, new CookieOptions { Path = "/" });
            return Results.NoContent();
        });
    }

    private sealed record DevSignInRequest(string? UserId);

    [GeneratedRegex("^[a-z0-9-]+\\.(?<ext>js|css|svg)$")]
    private static partial Regex AssetName();
}
