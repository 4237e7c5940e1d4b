using Microsoft.Playwright;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>Teams' three themes, as card-picture.html draws them.</summary>
public enum CardTheme
{
    Light,
    Dark,
    HighContrast,
}

/// <summary>
/// Renders card JSON to a PNG with the official adaptivecards.js in the system's headless Chromium
/// (Debian package "chromium"; Playwright never downloads a browser here).
/// </summary>
public static class CardPictures
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>About the card's width in Teams on a 360 px phone.</summary>
    public const int PhoneWidth = 328;

    /// <summary>The card's width in Teams on a desktop.</summary>
    public const int DesktopWidth = 450;

    public static bool IsAvailable => File.Exists(ChromiumPath);

    /// <summary>Draws the card <paramref name="width"/> CSS pixels wide: 450 as in Teams on a desktop, about 328 in Teams on a 360 px phone.</summary>
    /// <returns>Whether the file was written: an unchanged picture is left alone, so its file does not churn.</returns>
    public static async Task<bool> RenderAsync(string cardJson, string pngPath, int width = DesktopWidth)
    {
        await using var painter = await CardPainter.OpenAsync().ConfigureAwait(false);
        return (await painter.RenderAsync(cardJson, pngPath, width, CardTheme.Light).ConfigureAwait(false)).Written;
    }
}

/// <summary>One browser for many pictures (a browser start costs more than a picture).</summary>
public sealed class CardPainter : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private CardPainter(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static async Task<CardPainter> OpenAsync()
    {
        if (!CardPictures.IsAvailable)
        {
            throw new InvalidOperationException($"{CardPictures.ChromiumPath} is missing: apt-get install -y chromium");
        }

        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = CardPictures.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        }).ConfigureAwait(false);
        return new CardPainter(playwright, browser);
    }

    /// <summary>Draws one card in one theme at one width.</summary>
    /// <returns>Whether the file was written (an unchanged picture is left alone) and the card's height in CSS pixels.</returns>
    /// <summary>The text the last card drawn shows (with "Show more" closed), as a reader would see it.</summary>
    public string LastText { get; private set; } = string.Empty;

    public async Task<(bool Written, int Height)> RenderAsync(string cardJson, string pngPath, int width, CardTheme theme)
    {
        // en-GB in the school's time zone: what a member of staff's Teams shows for the cards' DATE()/TIME() functions.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width + 70, Height = 400 },
            DeviceScaleFactor = 1,
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        }).ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);

        // Cards may reference images on the internet; a docs picture must not depend on the network.
        await page.RouteAsync("http*://**", route => route.AbortAsync()).ConfigureAwait(false);

        await page.GotoAsync(new Uri(Path.Combine(NodeScript.ScriptsFolder, "card-picture.html")).AbsoluteUri).ConfigureAwait(false);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(TestPaths.NodeModules, "adaptivecards", "dist", "adaptivecards.js") }).ConfigureAwait(false);
        await page.EvaluateAsync("w => { document.getElementById('card').style.width = w + 'px'; }", width).ConfigureAwait(false);
        var themeName = theme switch { CardTheme.Dark => "dark", CardTheme.HighContrast => "contrast", _ => "light" };
        await page.EvaluateAsync("([json, theme]) => renderCard(JSON.parse(json), theme)", new object[] { cardJson, themeName }).ConfigureAwait(false);
        var height = await page.EvaluateAsync<int>("() => Math.ceil(document.getElementById('card').getBoundingClientRect().height)").ConfigureAwait(false);
        LastText = await page.Locator("#card").InnerTextAsync().ConfigureAwait(false);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pngPath))!);
        var fresh = Path.ChangeExtension(pngPath, ".new.png");
        await page.Locator("#card").ScreenshotAsync(new LocatorScreenshotOptions { Path = fresh, Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled }).ConfigureAwait(false);
        // Chromium encodes the same pixels to the same bytes, so equal files mean an unchanged picture.
        if (File.Exists(pngPath) && File.ReadAllBytes(pngPath).AsSpan().SequenceEqual(File.ReadAllBytes(fresh)))
        {
            File.Delete(fresh);
            return (false, height);
        }

        File.Move(fresh, pngPath, overwrite: true);
        return (true, height);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync().ConfigureAwait(false);
        playwright.Dispose();
    }
}
