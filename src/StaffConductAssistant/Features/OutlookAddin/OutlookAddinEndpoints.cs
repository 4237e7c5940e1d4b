using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.OutlookAddin;

/// <summary>
/// The Outlook add-in's task pane (the manifest's <c>extensions[].runtimes[].code.page</c>): a page that reads the open
/// email with Office.js and logs it through the same <c>/api/email-drafts</c> and <c>/api/concerns</c> as the tab,
/// signed in with the same token rules (<see cref="TabAuthentication"/>).
/// </summary>
public static partial class OutlookAddinEndpoints
{
    /// <summary>outlook-addin.md §2: add-ins load Office.js from Microsoft's CDN, in the page's head.</summary>
    public const string OfficeJsCdn = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

    /// <summary>Local mode only: the npm package's copy (§2: local copies are for development and debugging).</summary>
    public const string OfficeJsLocal = "/outlook/lib/office/office.js";

    public static IEndpointRouteBuilder MapOutlookAddin(this IEndpointRouteBuilder endpoints)
    {
        var environment = endpoints.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        var source = Path.Combine(environment.ContentRootPath, "wwwroot", "outlook");
        var files = new PhysicalFileProvider(Directory.Exists(source) ? source : Path.Combine(AppContext.BaseDirectory, "wwwroot", "outlook"));

        endpoints.MapGet("/outlook/taskpane", (HttpContext http, IOptions<TabAuthOptions> auth, IOptions<BotOptions> bot) =>
        {
            var file = files.GetFileInfo("taskpane.html");
            if (!file.Exists)
            {
                return Results.NotFound();
            }

            var local = bot.Value.IsLocalMode(environment.IsDevelopment());
            using var reader = new StreamReader(file.CreateReadStream());
            var html = FillPage(reader.ReadToEnd(), auth.Value, local);
            Headers(http, local);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Content(html, "text/html; charset=utf-8");
        }).ExcludeFromDescription();

        endpoints.MapGet("/outlook/assets/{name}", (HttpContext http, string name, IOptions<BotOptions> bot) =>
        {
            var match = AssetName().Match(name);
            var file = files.GetFileInfo(name);
            if (!match.Success || !file.Exists)
            {
                return Results.NotFound();
            }

            Headers(http, bot.Value.IsLocalMode(environment.IsDevelopment()));
            var type = match.Groups["ext"].Value switch { "js" => "text/javascript; charset=utf-8", "css" => "text/css; charset=utf-8", _ => "image/png" };
            return Results.Stream(file.CreateReadStream(), type);
        }).ExcludeFromDescription();

        // MSAL.js (npm @azure/msal-browser) for nested app authentication, copied from node_modules at build: no CDN.
        endpoints.MapGet("/outlook/lib/msal-browser.js", (HttpContext http, IOptions<BotOptions> bot) =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, "wwwroot", "lib", "msal-browser.min.js");
            Headers(http, bot.Value.IsLocalMode(environment.IsDevelopment()));
            return File.Exists(path) ? Results.File(path, "text/javascript; charset=utf-8") : Results.NotFound();
        }).ExcludeFromDescription();

        // Office.js from the npm package (with the host files it loads beside itself), in local mode only. The package
        // is 87 MB, so it is read from node_modules where `npm ci` put it rather than copied into every build.
        var officeJs = Path.GetFullPath(Path.Combine(environment.ContentRootPath, "..", "..", "node_modules", "@microsoft", "office-js", "dist"));
        var officeFiles = Directory.Exists(officeJs) ? new PhysicalFileProvider(officeJs) : null;
        endpoints.MapGet("/outlook/lib/office/{**path}", (HttpContext http, string path, IOptions<BotOptions> bot) =>
        {
            if (!bot.Value.IsLocalMode(environment.IsDevelopment()) || officeFiles is null || !OfficeJsPath().IsMatch(path))
            {
                return Results.NotFound();
            }

            var file = officeFiles.GetFileInfo(path);
            if (!file.Exists)
            {
                return Results.NotFound();
            }

            Headers(http, local: true);
            return Results.Stream(file.CreateReadStream(), path.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "application/octet-stream");
        }).ExcludeFromDescription();

        return endpoints;
    }

    /// <summary>The page with where Office.js comes from and what the pane signs in for (public values: no secrets).</summary>
    internal static string FillPage(string template, TabAuthOptions auth, bool local)
    {
        var encoder = HtmlEncoder.Default;
        var scope = auth.ApplicationIdUri is { } uri ? $"{uri.TrimEnd('/')}/{auth.Scope}" : string.Empty;
        return template
            .Replace("{{OFFICE_JS}}", encoder.Encode(local ? OfficeJsLocal : OfficeJsCdn), StringComparison.Ordinal)
            .Replace("{{CLIENT_ID}}", encoder.Encode(auth.ClientId ?? string.Empty), StringComparison.Ordinal)
            .Replace("{{TENANT_ID}}", encoder.Encode(auth.TenantId ?? string.Empty), StringComparison.Ordinal)
            .Replace("{{API_SCOPE}}", encoder.Encode(scope), StringComparison.Ordinal);
    }

    /// <summary>The tab's policy (same framing by Outlook hosts), plus Microsoft's Office.js CDN outside local mode.</summary>
    internal static string ContentSecurityPolicy(bool local) => local
        ? TabHosting.ContentSecurityPolicy
        : TabHosting.ContentSecurityPolicy.Replace("script-src 'self'", "script-src 'self' https://appsforoffice.microsoft.com", StringComparison.Ordinal);

    private static void Headers(HttpContext http, bool local)
    {
        TabHosting.SecurityHeaders(http);
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(local);
    }

    [GeneratedRegex("^[a-z0-9-]+\\.(?<ext>js|css|png)$")]
    private static partial Regex AssetName();

    /// <summary>Office.js's own files: a locale folder at most, then a plain file name (no "..").</summary>
    [GeneratedRegex("^([a-z]{2}-[a-z]{2}/)?[A-Za-z0-9_.-]+\\.(js|json)$")]
    private static partial Regex OfficeJsPath();
}
