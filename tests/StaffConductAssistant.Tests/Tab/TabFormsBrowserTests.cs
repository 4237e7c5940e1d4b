using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Tab;

/// <summary>
/// The tab's forms in a real browser: each field's own error, a duplicate named with its link, an import that applies
/// the good rows, long addresses that wrap, and times in the school's time zone.
/// </summary>
[Collection(nameof(TabBrowserTests))]
public sealed class TabFormsBrowserTests(TabBrowser browser) : IClassFixture<TabBrowser>
{
    private AppHost App => browser.App;

    [Fact]
    public async Task The_conduct_field_shows_its_own_error()
    {
        var page = await browser.OpenAsync(People.Teacher, "/tab/log-email");
        await page.Locator("#email-file").SetInputFilesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml"));
        await Assertions.Expect(page.GetByLabel("Class or year group")).ToHaveValueAsync("Year 4");
        foreach (var box in await page.Locator("input[name=conduct]").AllAsync())
        {
            await box.UncheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();

        var error = page.Locator("#conduct-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToContainTextAsync("Choose at least one kind of conduct");
        await Assertions.Expect(page.Locator("fieldset.conduct")).ToHaveAttributeAsync("aria-invalid", "true");
        await TabBrowser.ScreenshotAsync(page, "log-email-conduct-error");
    }

    [Fact]
    public async Task An_email_logged_before_says_which_concern_with_its_link()
    {
        // Not the email the other tab tests log, so the tests may run in any order.
        var email = Path.Combine(TestPaths.SampleEmails, "03-threatening-language-year6.eml");

        var page = await browser.OpenAsync(People.Teacher, "/tab/log-email");
        await page.Locator("#email-file").SetInputFilesAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();
        await Assertions.Expect(page.Locator("#logged")).ToContainTextAsync("Logged as concern");
        var id = (await page.Locator("#logged h2").TextContentAsync())!.Split(' ').Last();

        var again = await browser.OpenAsync(People.Teacher, "/tab/log-email");
        await again.Locator("#email-file").SetInputFilesAsync(email);

        await Assertions.Expect(again.Locator("#already-title")).ToHaveTextAsync($"Already logged as concern {id}");
        await Assertions.Expect(again.GetByRole(AriaRole.Link, new() { Name = $"Open concern {id}" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"/tab/concerns/{id}$"));
        await TabBrowser.ScreenshotAsync(again, "log-email-already-logged");
    }

    [Fact]
    public async Task A_CSV_import_applies_the_good_rows_and_lists_the_bad_ones()
    {
        await App.WithDbAsync(db => db.Moderators.ExecuteDeleteAsync());
        var csv = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv,
            "Id,Group,Parent name,Contact,Date school told,Code of conduct acknowledged\r\n" +
            ",Year 4,Emily Carter,emily@example.org,15/09/2025,Yes\r\n" +
            ",Year 5,,someone@example.org,,No\r\n" +
            ",Year 6,Jack Davies,,,No\r\n");
        var page = await browser.OpenAsync(People.Slt, "/tab/roster");

        await page.Locator("#import-file").SetInputFilesAsync(csv);
        await Assertions.Expect(page.Locator("#import-preview")).ToContainTextAsync("2 to add, 0 to change, 0 unchanged, 1 with a problem.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 2 changes (leave out 1 line with a problem)" }).ClickAsync();

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Imported: 2 added, 0 changed. 1 line was not imported.");
        await Assertions.Expect(page.Locator("#import-preview")).ToContainTextAsync("Line 3: The parent's name is empty.");
        var groups = await App.WithDbAsync(db => db.Moderators.OrderBy(m => m.Group).Select(m => m.Group).ToListAsync());
        Assert.Equal(["Year 4", "Year 6"], groups);
        await TabBrowser.ScreenshotAsync(page, "roster-import-lines-not-imported");
        File.Delete(csv);
    }

    [Fact]
    public async Task Long_addresses_wrap_on_a_phone()
    {
        await App.WithDbAsync(db => db.Moderators.ExecuteDeleteAsync());
        await App.AddAsync(TabData.Moderator("Year 4", "Emily Carter"));
        await App.WithDbAsync(db => db.Moderators.ExecuteUpdateAsync(s => s.SetProperty(m => m.Contact, "emily.carter.the.class.representative.for.year.four@a-very-long-domain-name.example.org")));
        var page = await browser.OpenAsync(People.Slt, "/tab/roster", width: 360);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("a-very-long-domain-name");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

        Assert.True(overflow <= 0, $"The page is {overflow} px wider than a 360 px phone.");
    }

    [Fact]
    public async Task A_summer_time_shows_in_the_schools_time_whatever_the_device_zone()
    {
        var concern = await App.AddAsync(TabData.Concern("Year 4", "Dan Hughes", People.Slt, loggedAt: new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero)));

        var page = await browser.OpenAsync(People.Slt, $"/tab/concerns/{concern.Id}", timezoneId: "America/New_York");

        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("1 Jul 2026, 10:00");
    }
}
