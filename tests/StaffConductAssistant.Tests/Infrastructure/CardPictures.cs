using Microsoft.Playwright;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>
/// Renders card JSON to a PNG with the official adaptivecards.js in the system's headless Chromium
/// (Debian package "chromium"; Playwright never downloads a browser here).
/// </summary>
public static class CardPictures
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool IsAvailable => File.Exists(ChromiumPath);

    /// <summary>Draws the card <paramref name="width"/> CSS pixels wide: 450 as in Teams on a desktop, about 328 in Teams on a 360 px phone.</summary>
    /// <returns>Whether the file was written: an unchanged picture is left alone, so its file does not churn.</returns>
    public static async Task<bool> RenderAsync(string cardJson, string pngPath, int width = 450)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium");
        }

        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        }).ConfigureAwait(false);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width + 70, Height = 400 }, DeviceScaleFactor = 1 }).ConfigureAwait(false);

        // Cards may reference images on the internet; a docs picture must not depend on the network.
        await page.RouteAsync("http*://**", route => route.AbortAsync()).ConfigureAwait(false);

        await page.GotoAsync(new Uri(Path.Combine(NodeScript.ScriptsFolder, "card-picture.html")).AbsoluteUri).ConfigureAwait(false);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(TestPaths.NodeModules, "adaptivecards", "dist", "adaptivecards.js") }).ConfigureAwait(false);
        await page.EvaluateAsync("w => { document.getElementById('card').style.width = w + 'px'; }", width).ConfigureAwait(false);
        await page.EvaluateAsync("json => renderCard(JSON.parse(json))", cardJson).ConfigureAwait(false);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pngPath))!);
        var fresh = Path.ChangeExtension(pngPath, ".new.png");
        await page.Locator("#card").ScreenshotAsync(new LocatorScreenshotOptions { Path = fresh, Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled }).ConfigureAwait(false);
        // Chromium encodes the same pixels to the same bytes, so equal files mean an unchanged picture.
        if (File.Exists(pngPath) && File.ReadAllBytes(pngPath).AsSpan().SequenceEqual(File.ReadAllBytes(fresh)))
        {
            File.Delete(fresh);
            return false;
        }

        File.Move(fresh, pngPath, overwrite: true);
        return true;
    }
}
