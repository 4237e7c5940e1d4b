using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Tab;

/// <summary>The Letters page (/tab/letters) in Chromium: SLT edit a template with a preview; an unknown placeholder is named and nothing saved.</summary>
public sealed class LetterTemplatesBrowserTests(TabBrowser browser) : IClassFixture<TabBrowser>
{
    private AppHost App => browser.App;

    [Fact]
    public async Task SLT_preview_and_save_a_new_version_and_a_placeholder_the_app_cannot_fill_is_named_and_not_saved()
    {
        var page = await browser.OpenAsync(People.Slt, "/tab/letters");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cautionary notice" }).ClickAsync();
        var letter = page.GetByLabel("Letter", new() { Exact = true });
        var shipped = await letter.InputValueAsync();
        Assert.Contains("{signature}", shipped, StringComparison.Ordinal);

        // A placeholder the app cannot fill: the preview and the save both name it, and nothing is saved.
        await letter.FillAsync(shipped.Replace("Dear {parentName},", "Dear {parentName}, about {childName},", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("The app can't fill in {childName}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as version 2" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Nothing has been saved");
        Assert.Equal(0, await App.WithDbAsync(db => db.LetterTemplateVersions.CountAsync(v => v.Version > 1)));

        // Fixed: the preview is the letter filled from a sample case and signed; saving makes version 2.
        await letter.FillAsync(shipped.Replace("We hope no further action will be needed.", "We trust no further action will be needed.", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync("Dear Sam Sample,");
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync("We trust no further action");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as version 2" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Saved as version 2.");
        await Assertions.Expect(page.Locator("#versions > li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save as version 3" })).ToBeVisibleAsync();

        var saved = await App.WithDbAsync(db => db.LetterTemplateVersions.SingleAsync(v => v.Key == "cautionary-notice" && v.Version == 2));
        Assert.Contains("We trust no further action", saved.Body, StringComparison.Ordinal);
        Assert.Equal((People.Slt, "Alex Wilber"), (saved.ByUserId, saved.ByName));
        Assert.Empty(await TabBrowser.SeriousAccessibilityProblemsAsync(page));
    }

    [Fact]
    public async Task A_teacher_who_opens_the_page_is_told_it_is_for_SLT_and_sees_no_letter()
    {
        var page = await browser.OpenAsync(People.Teacher, "/tab/letters");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Only SLT can read and change the letter templates.");
        Assert.Equal(0, await page.Locator("#templates").CountAsync());
    }
}
