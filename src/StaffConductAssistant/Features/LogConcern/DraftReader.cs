using System.Security.Cryptography;
using System.Text;
using StaffConductAssistant.Email;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.LogConcern;

/// <summary>What the form is prefilled from, and what is kept as evidence.</summary>
public sealed record DraftSource(byte[]? RawMime, string? MessageHtml, string? ReadProblem);

/// <summary>A parsed draft: the fields, the parsed email (for its attachments), and where it came from.</summary>
public sealed record ReadDraft(EmailDraft Draft, ParsedEmail Email, DraftSource Source, string ContentSha256);

/// <summary>
/// Turns an email (or, failing that, the Teams message HTML) into a prefilled draft, deterministically, with the
/// school's conduct cues and class groups. No outside service is involved.
/// </summary>
public sealed class DraftReader(PolicyCatalogue catalogue, IConfiguration configuration)
{
    public const long MaxEmailBytes = 25 * 1024 * 1024;

    private ExtractionContext? _context;

    /// <summary>Built once per reader; the cue matcher behind it is cached for the app's life (ConductCueMatcher.For).</summary>
    public ExtractionContext Context => _context ??= new()
    {
        KnownGroups = configuration.GetSection("School:Groups").Get<string[]>() ?? [],
        ConductCues = [.. catalogue.Conduct.Select(c => new ConductCue(c.Id, c.Cues))],
    };

    /// <summary>Reads a raw email; throws <see cref="EmailReadException"/> with a plain-English message when it isn't one.</summary>
    public ReadDraft FromMime(byte[] raw)
    {
        // Exposed (publiclyVisible), so the reader parses this buffer instead of copying it; nothing writes to it.
        using var stream = new MemoryStream(raw, 0, raw.Length, writable: false, publiclyVisible: true);
        var email = EmailReader.Read(stream, new EmailReaderOptions { MaxBytes = MaxEmailBytes });
        return new ReadDraft(ConcernExtractor.Extract(email, Context), email, new DraftSource(raw, null, null), email.RawSha256);
    }

    /// <summary>Reads the HTML Teams shows for a post (a preview when the email was large).</summary>
    public ReadDraft FromHtml(string html, string? problem)
    {
        var email = EmailReader.ReadHtml(html, new EmailReaderOptions { MaxBytes = MaxEmailBytes });
        var draft = ConcernExtractor.Extract(email, Context);
        if (problem is not null)
        {
            // The caller's reason (Graph failed, a .msg file...) says more than the reader's generic warning.
            draft = draft with { Warnings = [problem, .. draft.Warnings.Where(w => w != EmailReader.TeamsHtmlOnlyWarning)] };
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(html)));
        return new ReadDraft(draft, email, new DraftSource(null, html, problem), sha);
    }
}
