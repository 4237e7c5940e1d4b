using Microsoft.Playwright;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Tab;

/// <summary>
/// The app in local mode (Development, no Bot:AppId) on loopback, and Debian's Chromium driven by Playwright.
/// Users sign in through the development sign-in cookie, exactly as the sign-in page sets it.
/// </summary>
public sealed class TabBrowser : IAsyncLifetime
{
    public const int TeamsWidth = 1100;

    private IPlaywright? playwright;

    public AppHost App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreensFolder => Path.Combine(TestPaths.RepositoryRoot, "docs", "screens");

    public async Task InitializeAsync()
    {
        App = new AppHost("Development", new Dictionary<string, string?>(People.Roles) { ["Bot:AppId"] = string.Empty });
        _ = App.BaseAddress;
        playwright = await Playwright.CreateAsync();
        Browser = await CardPictures.LaunchChromiumAsync(playwright);
    }

    /// <summary>A fresh browser tab signed in as <paramref name="userId"/>. CSP is bypassed only so axe-core can be injected.</summary>
    /// <param name="timezoneId">The device's time zone (the browser's default when null).</param>
    public async Task<IPage> OpenAsync(string userId, string path, int width = TeamsWidth, ColorScheme scheme = ColorScheme.Light, string? timezoneId = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            TimezoneId = timezoneId,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            BypassCSP = true,
            ColorScheme = scheme,
            AcceptDownloads = true,
        });
        await context.AddCookiesAsync([new Cookie { Name = "sca-dev-user", Value = userId, Url = App.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();

        // Nothing on these pages may reach the internet (no CDN).
        await page.RouteAsync(url => !url.StartsWith(App.BaseAddress.ToString(), StringComparison.Ordinal), route => route.AbortAsync());
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(App.BaseAddress, path).ToString());
        try
        {
            await page.Locator("main h1").First.WaitForAsync(new() { Timeout = 10_000 });
        }
        catch (TimeoutException) when (errors.Count > 0)
        {
            throw new InvalidOperationException($"{path} did not render: " + string.Join('\n', errors));
        }

        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreensFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreensFolder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    /// <summary>axe-core's serious and critical WCAG 2.1 A/AA violations on the page, as "rule: target" lines.</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityProblemsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(TestPaths.NodeModules, "axe-core", "axe.min.js") });
        var found = await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' ' + (n.failureSummary || '')));
            }
            """);
        return found;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
    }
}
