using System.Text.Json.Nodes;
using Microsoft.Playwright;
using MimeKit;
using StaffConductAssistant.Features.OutlookAddin;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.OutlookAddin;

/// <summary>Debian's Chromium, shared by the pane tests (each test has its own app).</summary>
public sealed class PaneBrowser : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await CardPictures.LaunchChromiumAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}

/// <summary>What the stand-in Outlook host (js/outlook-standin.js) offers the pane.</summary>
public sealed record StandInHost
{
    /// <summary>The Mailbox requirement set the "mailbox" supports: 1.14 has getAsFileAsync, 1.8 does not.</summary>
    public string Mailbox { get; init; } = "1.14";

    /// <summary>A token for nested app authentication (NestedAppAuth 1.1), or null where NAA is not supported.</summary>
    public string? NaaToken { get; init; }

    /// <summary>A BridgeStatusCode the NAA bridge answers every token request with (consent refused, for example).</summary>
    public string? NaaError { get; init; }

    /// <summary>What Office.auth.getAccessToken returns (legacy Office SSO), or null to fail with <see cref="SsoError"/>.</summary>
    public string? SsoToken { get; init; }

    public int SsoError { get; init; } = 13003;

    /// <summary>Office's theme colours; a dark body background is Outlook's dark theme.</summary>
    public string BodyBackground { get; init; } = "#ffffff";

    public string UserId { get; init; } = SignedBotApp.TeacherId;

    /// <summary>The configuration the stand-in reads, with the email described as Outlook's item would describe it.</summary>
    public JsonObject ToJson(string sample) => new()
    {
        ["mailbox"] = Mailbox,
        ["naa"] = NaaToken is null && NaaError is null ? null : new JsonObject
        {
            ["accessToken"] = NaaToken,

            // MSAL only decodes the ID token's claims (oid, tid, name); the access token carries the same ones.
            ["idToken"] = NaaToken ?? "x.e30.x",
            ["error"] = NaaError,
            ["userId"] = UserId,
            ["tenantId"] = SignedBotApp.TenantId,
        },
        ["ssoToken"] = SsoToken,
        ["ssoError"] = SsoError,
        ["theme"] = new JsonObject { ["bodyBackgroundColor"] = BodyBackground, ["bodyForegroundColor"] = BodyBackground == "#ffffff" ? "#000000" : "#ffffff" },
        ["item"] = Item(sample),
    };

    /// <summary>The sample as Outlook's item: fields, body, attachments (with their content) and the whole file.</summary>
    public static JsonObject Item(string sample)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.SampleEmails, sample));
        using var stream = new MemoryStream(bytes);
        var message = MimeMessage.Load(stream);
        static JsonObject Address(MailboxAddress a) => new() { ["displayName"] = a.Name ?? string.Empty, ["emailAddress"] = a.Address };
        var attachments = new JsonArray();
        var n = 0;
        foreach (var entity in message.Attachments)
        {
            n++;
            if (entity is MessagePart { Message: not null } part)
            {
                using var eml = new MemoryStream();
                part.Message.WriteTo(eml);
                attachments.Add(new JsonObject
                {
                    ["id"] = "att-" + n, ["name"] = (part.ContentDisposition?.FileName ?? part.Message.Subject) + ".eml", ["contentType"] = "message/rfc822",
                    ["size"] = eml.Length, ["attachmentType"] = "item", ["isInline"] = false,
                    ["format"] = "eml", ["content"] = System.Text.Encoding.UTF8.GetString(eml.ToArray()),
                });
            }
            else if (entity is MimePart { Content: not null } file)
            {
                using var content = new MemoryStream();
                file.Content.DecodeTo(content);
                attachments.Add(new JsonObject
                {
                    ["id"] = "att-" + n, ["name"] = file.FileName, ["contentType"] = file.ContentType.MimeType,
                    ["size"] = content.Length, ["attachmentType"] = "file", ["isInline"] = false,
                    ["format"] = "base64", ["content"] = Convert.ToBase64String(content.ToArray()),
                });
            }
        }

        return new JsonObject
        {
            ["subject"] = message.Subject,
            ["from"] = Address(message.From.Mailboxes.First()),
            ["to"] = new JsonArray(message.To.Mailboxes.Select(m => (JsonNode)Address(m)).ToArray()),
            ["cc"] = new JsonArray(message.Cc.Mailboxes.Select(m => (JsonNode)Address(m)).ToArray()),
            ["dateTimeCreated"] = message.Date.AddMinutes(1).ToString("o"),
            ["internetMessageId"] = "<" + message.MessageId + ">",
            ["headers"] = string.Join("\r\n", message.Headers.Select(h => h.ToString())),
            ["bodyHtml"] = message.HtmlBody,
            ["bodyText"] = message.TextBody,
            ["attachments"] = attachments,
            ["eml"] = Convert.ToBase64String(bytes),
        };
    }

    /// <summary>The Message-ID of the email attached to the sample (the parent's own email).</summary>
    public static async Task<string?> InnerMessageIdAsync(string sample)
    {
        using var stream = File.OpenRead(Path.Combine(TestPaths.SampleEmails, sample));
        var message = await MimeMessage.LoadAsync(stream);
        return message.Attachments.OfType<MessagePart>().Single().Message?.MessageId;
    }

    /// <summary>
    /// Opens the app's task pane in a fresh browser tab at task-pane width, with the stand-in host in place of Office.js
    /// (the CDN's, or in local mode the app's npm copy). Nothing else may leave the machine. <paramref name="devUser"/>:
    /// local mode's development sign-in. CSP is bypassed only so axe-core can be injected.
    /// </summary>
    public async Task<IPage> OpenAsync(IBrowser browser, AppHost app, string sample, int width = 350, string? devUser = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 800 }, BypassCSP = true });
        var baseAddress = app.BaseAddress.ToString();
        if (devUser is not null)
        {
            await context.AddCookiesAsync([new Cookie { Name = "sca-dev-user", Value = devUser, Url = baseAddress }]);
        }

        var page = await context.NewPageAsync();
        var officeJs = new[] { OutlookAddinEndpoints.OfficeJsCdn, new Uri(app.BaseAddress, OutlookAddinEndpoints.OfficeJsLocal).ToString() };
        await page.RouteAsync(url => officeJs.Contains(url), route => route.FulfillAsync(new()
        {
            ContentType = "text/javascript",
            Path = Path.Combine(NodeScript.ScriptsFolder, "outlook-standin.js"),
        }));
        await page.RouteAsync(url => !officeJs.Contains(url) && !url.StartsWith(baseAddress, StringComparison.Ordinal), route => route.AbortAsync());
        await page.AddInitScriptAsync($"window.__outlookStandIn = {ToJson(sample).ToJsonString()};");
        await page.GotoAsync(new Uri(app.BaseAddress, "outlook/taskpane").ToString());
        return page;
    }
}
