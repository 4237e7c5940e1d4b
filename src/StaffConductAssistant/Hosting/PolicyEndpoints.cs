using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace StaffConductAssistant.Hosting;

/// <summary>
/// The app's public pages: the school's policy as a readable page (cards link to it), the privacy notice and terms of
/// use the Teams manifest names, and a start page. They hold no personal data, so no sign-in is needed.
/// </summary>
public static partial class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapPolicy(this IEndpointRouteBuilder endpoints)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Policy", "whatsapp-groups-policy.txt");
        var policy = Page("The school's policy on parents' WhatsApp groups", PolicyHtml(File.ReadAllText(path)));
        endpoints.MapGet("/policy", (HttpContext http) => Html(http, policy)).ExcludeFromDescription();
        endpoints.MapGet("/policy.txt", () => Results.File(path, "text/plain; charset=utf-8")).ExcludeFromDescription();
        endpoints.MapGet("/privacy", (HttpContext http) => Html(http, Page("Privacy notice for staff", PrivacyHtml))).ExcludeFromDescription();
        endpoints.MapGet("/terms", (HttpContext http) => Html(http, Page("Terms of use", TermsHtml))).ExcludeFromDescription();
        endpoints.MapGet("/", (HttpContext http) => Html(http, Page("Staff Conduct Assistant", HomeHtml))).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// The policy text as HTML: blank lines part paragraphs, "- " lines are lists, **…** is bold, and a short line on
    /// its own with no closing punctuation is a heading. Every word is HTML-encoded first.
    /// </summary>
    public static string PolicyHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new StringBuilder();
        foreach (var block in BlankLines().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()))
        {
            var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).Where(l => l.Trim().Length > 0).ToList();
            if (lines.Count == 0)
            {
                continue;
            }

            if (lines.All(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal)))
            {
                html.Append("<ul>");
                foreach (var line in lines)
                {
                    var nested = line.StartsWith(' ');
                    html.Append(nested ? "<li class=\"nested\">" : "<li>").Append(Inline(line.TrimStart()[2..])).Append("</li>");
                }

                html.Append("</ul>\n");
                continue;
            }

            var joined = string.Join(' ', lines.Select(l => l.Trim()));
            var plain = joined.Replace("**", string.Empty, StringComparison.Ordinal);
            var heading = lines.Count == 1 && plain.Length <= 50 && !".:,;".Contains(plain[^1], StringComparison.Ordinal) && !plain.Contains(',', StringComparison.Ordinal);
            html.Append(heading ? "<h2>" : "<p>").Append(Inline(joined)).Append(heading ? "</h2>\n" : "</p>\n");
        }

        return html.ToString();
    }

    private static string Inline(string text) => Bold().Replace(WebUtility.HtmlEncode(text), "<strong>$1</strong>");

    private static IResult Html(HttpContext http, string html)
    {
        TabHosting.SecurityHeaders(http);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string Page(string title, string body) => $$"""
        <!doctype html>
        <html lang="en-GB">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{WebUtility.HtmlEncode(title)}} – Staff Conduct Assistant</title>
          <link rel="stylesheet" href="/tab/assets/app.css">
        </head>
        <body>
          <header class="top"><span class="app-name">Staff Conduct Assistant</span>
            <nav aria-label="Pages"><a href="/">Start</a> <a href="/policy">The policy</a> <a href="/privacy">Privacy</a> <a href="/terms">Terms</a></nav></header>
          <main id="main" class="page"><h1>{{WebUtility.HtmlEncode(title)}}</h1>
        {{body}}
          </main>
        </body>
        </html>
        """;

    private const string HomeHtml = """
        <p class="lead">For the staff of St John's Priory School: log a parent's concern about a class or year WhatsApp
        group, see the responses the school's policy allows, and follow each concern to the Headmistress's decision.</p>
        <ul>
          <li><a href="/tab/concerns">Concerns</a>: the concerns you may see, and each case's page.</li>
          <li><a href="/tab/roster">Moderator roster</a>: each group's parent moderator, as notified to the school.</li>
          <li><a href="/tab/log-email">Log from an email file</a>: upload a parent's email (.eml) to log it.</li>
          <li><a href="/policy">The policy</a> the app applies.</li>
        </ul>
        <p>In Microsoft Teams, use <strong>Log WhatsApp concern</strong> from the … menu on a parent's email, and open the
        app's tabs. Outside Teams, on this computer in local mode, the pages offer a test sign-in.</p>
        """;

    private const string PrivacyHtml = """
        <p>This notice is for the school's staff, who use Staff Conduct Assistant. Parents are told how the school uses
        their information in the school's own privacy notice for parents.</p>
        <h2>What the app holds</h2>
        <ul>
          <li>Concerns staff log: the parent's email that raised it (kept as evidence), who posted what in which group,
          the conduct the policy names, and the children and staff the email names.</li>
          <li>What staff do with each concern: who logged, proposed, decided, shared or opened it, and when (the audit
          trail). Your Microsoft Entra ID object id and, in Teams, your display name are recorded with each step.</li>
          <li>The moderator roster: each group's parent moderator as notified to the school.</li>
        </ul>
        <h2>Who sees it</h2>
        <p>Only the people the app's access rule allows: the member of staff who logged a concern, the Senior Leadership
        Team, the Headmistress, and the Designated Safeguarding Lead for safeguarding concerns. Staff named in a concern
        do not see it unless SLT share it with them.</p>
        <h2>Why, and for how long</h2>
        <p>The school holds this to apply its policy on parents' WhatsApp groups and to keep pupils safe (its public task
        and legal duties, including safeguarding). Records are kept for the periods in the school's retention schedule
        and then deleted. You can ask the school's data protection lead about what is held about you.</p>
        <h2>Where</h2>
        <p>In the school's Microsoft 365 tenant and its own Azure subscription, in the UK or EU. No outside AI service
        reads the emails.</p>
        """;

    private const string TermsHtml = """
        <p>Staff Conduct Assistant is provided by St John's Priory School for its staff, to apply the school's policy on
        parents' WhatsApp groups.</p>
        <ul>
          <li>Use it only for school business and only for concerns about the class and year WhatsApp groups.</li>
          <li>Log what parents told the school as they told it; do not add opinions about parents or pupils.</li>
          <li>Keep what you see confidential, as you would any record about parents and children. Do not copy it out of
          the app except as the school's procedures require.</li>
          <li>A child at risk is always a safeguarding matter: follow the school's safeguarding procedure as well as
          logging the concern.</li>
          <li>The final decision on any response rests with the Headmistress, as the policy says.</li>
        </ul>
        """;

    [GeneratedRegex(@"\n\s*\n", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"\*\*(.+?)\*\*", RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Bold();
}
