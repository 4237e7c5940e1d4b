using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Email;
using StaffConductAssistant.Features.ConcernsTab;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;
using StaffConductAssistant.Subjects;

namespace StaffConductAssistant.Features.SubjectAccess;

/// <summary>One thing held about the parent, as the preview lists it.</summary>
public sealed record HeldItem(string Path, string Description);

/// <summary>A file that cannot be redacted (a screenshot, the raw email): withheld unless SLT release it, by key.</summary>
public sealed record WithheldFile(string Key, int ConcernId, string FileName, string Why);

/// <summary>
/// Whose records go in the download, and for whom: everything about the parent, for the parent (a subject access
/// request), or one case about them for someone outside SLT (<paramref name="Recipient"/>: a disclosure, issue 11 item 5).
/// </summary>
public sealed record ExportScope(int ParentId, int? ConcernId = null, string? Recipient = null)
{
    public bool IsDisclosure => ConcernId is not null;
}

/// <summary>What the download holds and hides, before anything is downloaded.</summary>
public sealed record SubjectAccessPlan(IReadOnlyList<HeldItem> Items, IReadOnlyList<Redaction> Redactions, IReadOnlyList<WithheldFile> Withheld);

/// <summary>
/// Everything held about one parent (issue 11, UK GDPR Art 15): each concern about them with its decision, letters and
/// actions, the original emails and files, and the audit entries about them, as one ZIP: <c>index.html</c> to read,
/// and the files. Third parties (other parents, children, staff, other email addresses) are hidden by the pure
/// <see cref="Redactor"/>; files that cannot be redacted (images, the raw email) are withheld and listed, unless SLT
/// release them. The same build gives the preview and the download, so the preview is what will be sent. A
/// disclosure of one case beyond SLT (<see cref="ExportScope.IsDisclosure"/>) is the same build over that case alone.
/// </summary>
public sealed class SubjectAccessExport(AppDbContext db, PolicyCatalogue policy, Microsoft.Extensions.Options.IOptions<RolesOptions> roles)
{
    public const string FilePrefix = "file:";

    private sealed record Loaded(ExportScope Scope, Parent Parent, List<Concern> Concerns, List<ConcernEvidence> Evidence, List<AuditEntry> Audit, Redactor Redactor);

    public Task<SubjectAccessPlan?> PlanAsync(int parentId, CancellationToken ct) => PlanAsync(new ExportScope(parentId), ct);

    public async Task<SubjectAccessPlan?> PlanAsync(ExportScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var loaded = await LoadAsync(scope, ct);
        if (loaded is null)
        {
            return null;
        }

        // Building the archive counts what is hidden; the bytes are thrown away.
        var (items, withheld) = Write(loaded, Stream.Null, new HashSet<string>(StringComparer.Ordinal), DateTimeOffset.UtcNow);
        return new SubjectAccessPlan(items, loaded.Redactor.Redactions, withheld);
    }

    public Task<bool> WriteAsync(int parentId, Stream output, IReadOnlySet<string> shown, DateTimeOffset now, CancellationToken ct) =>
        WriteAsync(new ExportScope(parentId), output, shown, now, ct);

    public async Task<bool> WriteAsync(ExportScope scope, Stream output, IReadOnlySet<string> shown, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var loaded = await LoadAsync(scope, ct);
        if (loaded is null)
        {
            return false;
        }

        Write(loaded, output, shown, now);
        return true;
    }

    private async Task<Loaded?> LoadAsync(ExportScope scope, CancellationToken ct)
    {
        var parentId = scope.ParentId;
        var parent = await db.Parents.AsNoTracking().SingleOrDefaultAsync(p => p.Id == parentId && p.MergedIntoId == null, ct);
        if (parent is null)
        {
            return null;
        }

        var concerns = await db.Concerns.AsNoTracking().Include(c => c.Actions).Include(c => c.SiteBan).ThenInclude(b => b!.Steps).AsSplitQuery().Where(c => c.ParentId == parentId && (scope.ConcernId == null || c.Id == scope.ConcernId)).OrderBy(c => c.LoggedAt).ThenBy(c => c.Id).ToListAsync(ct);
        if (scope.IsDisclosure && concerns.Count == 0)
        {
            return null;
        }

        var ids = concerns.Select(c => c.Id).ToList();
        var evidence = await db.Evidence.AsNoTracking().Where(e => ids.Contains(e.ConcernId)).OrderBy(e => e.Id).ToListAsync(ct);
        // A disclosure is of the case: its trail, not the parent record's (which names the parent's other cases).
        var subjects = ids.Select(AuditSubjects.Case).ToList();
        if (!scope.IsDisclosure)
        {
            subjects.Add(ParentAudit.Subject(parentId));
        }

        var audit = await db.AuditEntries.AsNoTracking().Where(a => subjects.Contains(a.Subject)).OrderBy(a => a.At).ToListAsync(ct);

        // Other parents from the parent records (and the moderators and reporters, who are parents too), children named
        // in these concerns, staff from the directory and from the concerns.
        var others = await db.Parents.AsNoTracking().Where(p => p.Id != parentId && p.ErasedAt == null).Select(p => new { p.Name, p.OtherNamesJson }).ToListAsync(ct);
        var moderators = await db.Moderators.AsNoTracking().Select(m => m.ParentName).ToListAsync(ct);
        var terms = new List<RedactionTerm>();
        terms.AddRange(concerns.Select(c => c.ReporterName).OfType<string>().Select(n => new RedactionTerm(n, RedactionCategory.OtherParent)));
        terms.AddRange(concerns.SelectMany(c => ConcernLists.Read(c.NamedChildrenJson)).Select(n => new RedactionTerm(n, RedactionCategory.Child)));
        terms.AddRange(concerns.SelectMany(c => ConcernLists.Read(c.NamedStaffJson)).Select(n => new RedactionTerm(n, RedactionCategory.Staff)));
        terms.AddRange(concerns.SelectMany(c => new[] { c.LoggedByName, c.ProposedByName, c.DecidedByName, c.SafeguardingHandledBy }).OfType<string>()
            .Where(n => n.Contains(' ', StringComparison.Ordinal)).Select(n => new RedactionTerm(n, RedactionCategory.Staff)));
        terms.AddRange(roles.Value.StaffNames.Values.Select(n => new RedactionTerm(n, RedactionCategory.Staff)));
        terms.AddRange(others.SelectMany(o => ConcernLists.Read(o.OtherNamesJson).Prepend(o.Name)).Select(n => new RedactionTerm(n, RedactionCategory.OtherParent)));
        terms.AddRange(moderators.Select(n => new RedactionTerm(n, RedactionCategory.OtherParent)));
        var subjectNames = parent.OtherNames.Prepend(parent.Name).Concat(concerns.Select(c => c.PostedBy)).ToList();
        var redactor = new Redactor(terms, subjectNames, [parent.Email]);
        return new Loaded(scope, parent, concerns, evidence, audit, redactor);
    }

    private (List<HeldItem> Items, List<WithheldFile> Withheld) Write(Loaded x, Stream output, IReadOnlySet<string> shown, DateTimeOffset now)
    {
        var items = new List<HeldItem>();
        var withheld = new List<WithheldFile>();
        var r = x.Redactor;
        string R(string? text) => r.Redact(text, shown);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var html = new StringBuilder();
        var title = x.Scope.IsDisclosure
            ? "Concern " + x.Concerns[0].Id.ToString(CultureInfo.InvariantCulture) + ", shared by St John's Priory School"
            : "What St John's Priory School holds about you";
        html.Append("<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}blockquote{border-left:4px solid #999;margin:0;padding-left:1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>")
            .Append(P(x.Scope.IsDisclosure
                ? "Prepared " + Date(now) + " for " + x.Scope.Recipient + ". It is shared for that purpose only: please do not pass it on."
                : "Prepared " + Date(now) + " in answer to your subject access request (UK GDPR Article 15)."))
            .Append(x.Scope.IsDisclosure ? "<h2>The parent</h2><dl>" : "<h2>You</h2><dl>").Append(Dt("Name", x.Parent.Name));
        if (x.Parent.OtherNames.Count > 0)
        {
            html.Append(Dt("Also written", string.Join(", ", x.Parent.OtherNames)));
        }

        html.Append(Dt("WhatsApp groups", string.Join(", ", x.Parent.Groups)));
        if (x.Parent.Email is { } mail)
        {
            html.Append(Dt("Email", mail));
        }

        html.Append("</dl>");
        if (!x.Scope.IsDisclosure)
        {
            html.Append("<h2>Why we hold it, who sees it, for how long</h2>")
                .Append(P("Purpose: to apply the school's Policy and Code of Conduct for Class/Year Parental WhatsApp Groups, and to keep children safe. "
                    + "Source: the parents and staff who reported the posts. Recipients: the school's senior leadership team and the Headmistress; the Designated Safeguarding Lead for safeguarding concerns. "
                    + "How long: under the school's retention schedule, counted from when each concern is closed. No decision about you is made automatically."))
                .Append(P("Your rights: to have wrong information corrected, to object, to ask for erasure where the law allows, and to complain to the Information Commissioner's Office (ico.org.uk, 0303 123 1113)."));
        }

        html.Append(P("Other people's information is hidden, as the law allows (Data Protection Act 2018, Schedule 2, paragraph 16): other parents, children and staff appear as [another parent 1], [a child 1], [a member of staff 1] and so on."));
        items.Add(new HeldItem("index.html", x.Scope.IsDisclosure
            ? "This summary: the parent, the concern, its decision and letters, and the trail"
            : "This summary: your details, each concern, its decision and letters, and the trail"));

        html.Append(x.Scope.IsDisclosure ? "<h2>The concern (" : "<h2>Concerns about you (").Append(x.Concerns.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        foreach (var c in x.Concerns)
        {
            var folder = "concern-" + c.Id.ToString(CultureInfo.InvariantCulture) + "/";
            html.Append("<section id=\"concern-").Append(c.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><h3>Concern ").Append(c.Id.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(E(c.Group)).Append(", logged ").Append(E(Date(c.LoggedAt))).Append("</h3><dl>")
                .Append(Dt("Where it is now", ConcernEndpoints.Label(c.State)))
                .Append(Dt("Written as", R(c.PostedBy)))
                .Append(Dt("What the post did", string.Join(", ", ConcernLists.Read(c.ConductIdsJson).Select(k => policy.FindConduct(k)?.Label ?? k))));
            if (c.EmailSentAt is { } sent)
            {
                html.Append(Dt("Reported on", Date(sent)));
            }

            html.Append("</dl>");
            if (c.Quote is { Length: > 0 })
            {
                html.Append("<p>What was posted:</p><blockquote>").Append(E(R(c.Quote))).Append("</blockquote>");
            }

            if (c.Notes is { Length: > 0 })
            {
                html.Append(P("Staff notes: " + R(c.Notes)));
            }

            if (c.ProposedAt is { } proposed)
            {
                html.Append(P("Proposed " + Date(proposed) + ": " + string.Join(", ", ConcernLists.Read(c.ProposedResponseIdsJson).Select(id => policy.FindResponse(id)?.Label ?? id))
                    + (c.ProposalReason is { Length: > 0 } why ? ". Why: " + R(why) : string.Empty)));
            }

            if (c.DecidedAt is { } decided)
            {
                html.Append(P("Decided " + Date(decided) + ": " + ConcernEndpoints.Label(c.State) + (c.DecisionComment is { Length: > 0 } comment ? ". " + R(comment) : string.Empty)));
            }

            if (c.LetterText is { Length: > 0 } letter)
            {
                html.Append("<p>The letter:</p><blockquote>").Append(E(R(letter)).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</blockquote>");
            }

            foreach (var action in c.Actions.OrderBy(a => a.CreatedAt))
            {
                html.Append(P((policy.FindResponse(action.ResponseId)?.Label ?? action.ResponseId) + ": " + action.Status + (action.CompletedAt is { } done ? " (" + Date(done) + ")" : string.Empty)));
            }

            // The site ban's due process: the parent's own representations and the letters sent to them.
            if (c.SiteBan is { } ban)
            {
                html.Append(P("Site ban: " + SiteBans.SiteBanEndpoints.Label(ban.State) + ". " + SiteBans.SiteBanEndpoints.Until(ban) + "."));
                foreach (var step in ban.Steps.OrderBy(s => s.At).ThenBy(s => s.Id))
                {
                    html.Append(P(Date(step.At) + ": " + SiteBans.SiteBanEndpoints.Describe(step) + (step.Text is { Length: > 0 } said ? ". " + R(said) : string.Empty)));
                    if (step.LetterText is { Length: > 0 } banLetter)
                    {
                        html.Append("<blockquote>").Append(E(R(banLetter)).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</blockquote>");
                    }
                }
            }

            items.Add(new HeldItem("index.html#concern-" + c.Id.ToString(CultureInfo.InvariantCulture), $"Concern {c.Id} ({Date(c.LoggedAt)}, {c.Group}): what was posted, the decision, letters and actions"));
            html.Append("<p>Files:</p><ul>");
            foreach (var e in x.Evidence.Where(e => e.ConcernId == c.Id))
            {
                var key = FilePrefix + e.Id.ToString(CultureInfo.InvariantCulture);
                var name = folder + SafeName(e.Id, e.FileName);
                if (shown.Contains(key))
                {
                    Add(zip, name, e.Content);
                    items.Add(new HeldItem(name, $"{e.FileName}, as received (released by SLT)"));
                    html.Append("<li>").Append(E(name)).Append(" (as received)</li>");
                    continue;
                }

                if (RedactedText(e, R) is { } text)
                {
                    var textName = name + ".txt";
                    Add(zip, textName, Encoding.UTF8.GetBytes(text));
                    items.Add(new HeldItem(textName, $"{e.FileName}, as text with other people hidden"));
                    html.Append("<li>").Append(E(textName)).Append(" (other people hidden)</li>");
                }

                if (e.Kind != EvidenceKind.ChatTimeline)
                {
                    var why = e.Kind == EvidenceKind.Attachment && !IsText(e) ? "a picture or file that names or shows other people, which cannot be hidden in part" : "the original with other people's names and addresses in it";
                    withheld.Add(new WithheldFile(key, c.Id, e.FileName, why));
                    html.Append("<li>").Append(E(e.FileName)).Append(": withheld (").Append(E(why)).Append(")</li>");
                }
            }

            html.Append("</ul></section>");
        }

        html.Append("<h2 id=\"trail\">The record of what was done</h2><table><tr><th>When</th><th>By</th><th>What</th><th>Why</th></tr>");
        foreach (var a in x.Audit)
        {
            // Who acted is given by role, not by name: staff are third parties too.
            html.Append("<tr><td>").Append(E(Date(a.At))).Append("</td><td>").Append(E(RoleWords(a.ActorRole))).Append("</td><td>").Append(E(a.Action))
                .Append(a.Subject.StartsWith("concern:", StringComparison.Ordinal) ? " (concern " + E(a.Subject["concern:".Length..]) + ")" : string.Empty)
                .Append("</td><td>").Append(E(R(a.Reason))).Append("</td></tr>");
        }

        html.Append("</table>");
        items.Add(new HeldItem("index.html#trail", $"The record of what was done: {x.Audit.Count} entries"));
        html.Append("</body></html>");
        Add(zip, "index.html", Encoding.UTF8.GetBytes(html.ToString()));
        return (items, withheld);
    }

    /// <summary>Texts that can be redacted: the email (headers and body), a WhatsApp chat, a text attachment, the Teams message.</summary>
    private static string? RedactedText(ConcernEvidence e, Func<string?, string> redact)
    {
        switch (e.Kind)
        {
            case EvidenceKind.OriginalEmail:
                try
                {
                    using var stream = new MemoryStream(e.Content);
                    var email = EmailReader.Read(stream);
                    return redact($"From: {email.From}\nSent: {(email.Date is { } sent ? SchoolTime.DateAndTime(sent) : string.Empty)}\nSubject: {email.Subject}\n\n{email.Body}");
                }
                catch (EmailReadException)
                {
                    return null;
                }

            case EvidenceKind.MessageHtml:
                return redact(HtmlText.ToPlainText(Encoding.UTF8.GetString(e.Content)));
            case EvidenceKind.ChatTimeline:
                try
                {
                    var lines = JsonSerializer.Deserialize<List<ConcernEndpoints.TimelineEntry>>(e.Content, JsonSerializerOptions.Web) ?? [];
                    return string.Join('\n', lines.Select(l => redact($"{l.Time} {l.Author}: {l.Text}")));
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return IsText(e) ? redact(Encoding.UTF8.GetString(e.Content)) : null;
        }
    }

    private static bool IsText(ConcernEvidence e) => e.ContentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        stream.Write(content);
    }

    /// <summary>A file name safe in any ZIP tool: the evidence id first (names may repeat), no folders, no odd characters.</summary>
    private static string SafeName(int id, string fileName)
    {
        var name = new string(Path.GetFileName(fileName).Select(ch => char.IsLetterOrDigit(ch) || ch is '.' or '-' or '_' ? ch : '_').ToArray());
        return id.ToString(CultureInfo.InvariantCulture) + "-" + (name.Length == 0 ? "file" : name);
    }

    private static string RoleWords(string role) => role switch
    {
        "Slt" => "SLT",
        "Headmistress" => "the Headmistress",
        "ActingHeadmistress" => "the acting Headmistress",
        "Dsl" => "the Designated Safeguarding Lead",
        "System" => "the app",
        "Staff" => "a member of staff",
        _ => role,
    };

    private static string Date(DateTimeOffset at) => SchoolTime.DateAndTime(at);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string P(string text) => "<p>" + E(text) + "</p>";

    private static string Dt(string term, string value) => "<dt>" + E(term) + "</dt><dd>" + E(value) + "</dd>";
}
