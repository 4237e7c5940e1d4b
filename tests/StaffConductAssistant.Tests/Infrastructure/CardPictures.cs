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

    /// <summary>Debian's Chromium, headless (a browser download fails here), with nothing that reaches the internet.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

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
        var browser = await CardPictures.LaunchChromiumAsync(playwright).ConfigureAwait(false);
        return new CardPainter(playwright, browser);
    }

    /// <summary>Draws one card in one theme at one width.</summary>
    /// <returns>Whether the file was written (an unchanged picture is left alone) and the card's height in CSS pixels.</returns>
    /// <summary>The text the last card drawn shows (with "Show more" closed), as a reader would see it.</summary>
    public string LastText { get; private set; } = string.Empty;

    /// <summary>
    /// Each visible piece of the card's own text on the last card drawn (not the host's buttons), as
    /// "colour|background|contrast ratio|text" (colours as #rrggbb; the background is the nearest one drawn behind it;
    /// the ratio is WCAG 2.1's).
    /// </summary>
    public IReadOnlyList<string> LastColours { get; private set; } = [];

    private const string ColoursScript = """
        () => {
          const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
          const hex = c => '#' + rgb(c).slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
          const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const behind = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; const a = rgb(c)[3]; if (c !== 'transparent' && a !== 0) return c; } return 'rgb(255, 255, 255)'; };
          const out = [];
          for (const el of document.querySelectorAll('#card *')) {
            if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
            if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
            // Buttons and the required-field star are drawn in Teams' own colours, which no card chooses.
            if (el.closest('.ac-pushButton') || el.textContent.trim() === '*') continue;
            const fg = getComputedStyle(el).color, bg = behind(el);
            const [l1, l2] = [lum(fg), lum(bg)];
            const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            out.push(hex(fg) + '|' + hex(bg) + '|' + ratio.toFixed(2) + '|' + el.textContent.trim().slice(0, 50));
          }
          return out;
        }
        """;

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
        LastColours = await page.EvaluateAsync<string[]>(ColoursScript).ConfigureAwait(false);

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
