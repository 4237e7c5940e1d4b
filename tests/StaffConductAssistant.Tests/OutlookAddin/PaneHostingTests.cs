using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StaffConductAssistant.Features.OutlookAddin;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.OutlookAddin;

/// <summary>Where the pane's Office.js comes from (outlook-addin.md §2), and the pane outside Outlook.</summary>
[Collection(nameof(OutlookPaneTests))]
public sealed partial class PaneHostingTests(PaneBrowser browser) : IClassFixture<PaneBrowser>
{
    private static string NpmOfficeJs => Path.Combine(TestPaths.NodeModules, "@microsoft", "office-js", "dist", "office.js");

    [Fact]
    public async Task In_production_the_pane_loads_Office_js_from_Microsofts_CDN_in_its_head_and_serves_no_copy()
    {
        await using var app = await SignedBotApp.StartAsync();
        using var http = app.App.CreateHttpClient();

        var response = await http.GetAsync("outlook/taskpane");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([OutlookAddinEndpoints.OfficeJsCdn, "/outlook/lib/msal-browser.js", "/outlook/assets/taskpane.js"], HeadScripts(html));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self' https://appsforoffice.microsoft.com;", csp, StringComparison.Ordinal);
        Assert.Contains("outlook.office.com", csp, StringComparison.Ordinal);
        Assert.Contains($"name=\"sca-client-id\" content=\"{TestTokenIssuer.DefaultAppId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"sca-api-scope\" content=\"api://conduct.example.test/{TestTokenIssuer.DefaultAppId}/access_as_user\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("outlook/lib/office/office.js")).StatusCode);

        var msal = await http.GetAsync("outlook/lib/msal-browser.js");
        Assert.Equal(HttpStatusCode.OK, msal.StatusCode);
        Assert.StartsWith("/*! @azure/msal-browser v5.", await msal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var icon in new[] { "icon-16.png", "icon-32.png", "icon-80.png" })
        {
            var png = await http.GetAsync("outlook/assets/" + icon);
            Assert.Equal(("image/png", HttpStatusCode.OK), (png.Content.Headers.ContentType?.MediaType, png.StatusCode));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("outlook/assets/..%2Fappsettings.json")).StatusCode);
    }

    [Fact]
    public async Task In_local_mode_Office_js_comes_from_the_npm_package_and_outside_Outlook_the_pane_says_where_it_works()
    {
        await using var app = new AppHost("Development", new Dictionary<string, string?>(People.Roles) { ["Bot:AppId"] = string.Empty });
        using var http = app.CreateHttpClient();

        var html = await http.GetStringAsync("outlook/taskpane");
        Assert.Equal(OutlookAddinEndpoints.OfficeJsLocal, HeadScripts(html)[0]);
        Assert.Equal(await File.ReadAllBytesAsync(NpmOfficeJs), await http.GetByteArrayAsync(OutlookAddinEndpoints.OfficeJsLocal.TrimStart('/')));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("outlook/lib/office/..%2F..%2Fpackage.json")).StatusCode);

        // The real Office.js (not the stand-in), in a plain browser: no Outlook host, so the pane says where it works.
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 350, Height = 700 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.RouteAsync(url => !url.StartsWith(app.BaseAddress.ToString(), StringComparison.Ordinal), route => route.AbortAsync());
        await page.GotoAsync(new Uri(app.BaseAddress, "outlook/taskpane").ToString());

        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("This page works inside Outlook", new() { Timeout = 15_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => typeof Office.onReady === 'function'"));
        Assert.Empty(errors);
        await context.CloseAsync();
    }

    [Fact]
    public async Task In_local_mode_the_pane_signs_in_with_the_development_sign_in_and_logs_the_email()
    {
        await using var app = new AppHost("Development", new Dictionary<string, string?>(People.Roles) { ["Bot:AppId"] = string.Empty });

        var page = await new StandInHost { Mailbox = "1.8" }.OpenAsync(browser.Browser, app, "03-threatening-language-year6.eml", devUser: People.Teacher);

        await Assertions.Expect(page.GetByLabel("Parent who posted")).ToHaveValueAsync("Craig Mercer", new() { Timeout = 15_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();
        await Assertions.Expect(page.Locator("#logged")).ToContainTextAsync("Logged as concern 1");
        var calls = await page.EvaluateAsync<string[]>("() => window.__outlookStandIn.calls");
        Assert.DoesNotContain("getAccessToken", calls);
        Assert.Equal(People.Teacher, await app.WithDbAsync(db => db.Concerns.Select(c => c.LoggedByUserId).SingleAsync()));
        await page.Context.CloseAsync();
    }

    private static List<string> HeadScripts(string html)
    {
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        return ScriptSource().Matches(head).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
