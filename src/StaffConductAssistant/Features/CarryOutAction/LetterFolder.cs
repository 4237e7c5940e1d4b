using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MimeKit;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.DecideResponse;

namespace StaffConductAssistant.Features.CarryOutAction;

/// <summary>One approved letter as it leaves the app, by email or as a file; <see cref="LetterId"/> is its marker.</summary>
public sealed record OutgoingLetter(string LetterId, string? To, string Subject, string Body, DateTimeOffset Date)
{
    /// <summary>The header that carries <see cref="LetterId"/> on every copy (the .eml, the Graph message), so a copy can be found again.</summary>
    public const string MarkerHeader = "X-SCA-Letter-Id";

    /// <summary>One id per approved action and proposal version: the same letter has the same id however often it is tried.</summary>
    public static string IdFor(int caseId, int actionId, int proposalVersion) =>
        FormattableString.Invariant($"case-{caseId}-action-{actionId}-v{proposalVersion}");
}

/// <summary>
/// Where approved letters are written as .eml files when the app has no school mailbox (local mode): the folder
/// <c>Letters:OutboxFolder</c>, else <c>outbox/</c> beside the SQLite database. With PostgreSQL and no folder set,
/// nothing is written.
/// </summary>
public sealed class LetterFolder(IOptions<LetterOptions> letters, IOptions<DatabaseOptions> database)
{
    public string? Path { get; } = Resolve(letters.Value, database.Value);

    public static string FileNameFor(string letterId) => letterId + ".eml";

    /// <summary>
    /// Writes the letter once: a file already there for this letter id is the same letter, so it is left as it is
    /// (a repeated outbox message must not make a second copy). Returns the file's name.
    /// </summary>
    public async Task<string> WriteAsync(OutgoingLetter letter, string from, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var folder = Path ?? throw new InvalidOperationException("No folder is set for letters (Letters:OutboxFolder).");
        Directory.CreateDirectory(folder);
        var name = FileNameFor(letter.LetterId);
        var target = System.IO.Path.Combine(folder, name);
        if (File.Exists(target))
        {
            return name;
        }

        var message = new MimeMessage { Subject = letter.Subject, Date = letter.Date, MessageId = letter.LetterId + "@staff-conduct-assistant" };
        message.From.Add(MailboxAddress.Parse(from));
        if (letter.To is { Length: > 0 } to)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Headers.Add(OutgoingLetter.MarkerHeader, letter.LetterId);
        message.Body = new TextPart("plain") { Text = letter.Body };

        // Written beside the target and moved into place, so a reader never sees half a letter.
        var temp = target + ".tmp";
        await using (var stream = File.Create(temp))
        {
            await message.WriteToAsync(stream, ct);
        }

        File.Move(temp, target, overwrite: true);
        return name;
    }

    /// <summary>
    /// Every file written for one case: its letters (<c>case-{id}-action-…eml</c>) and meeting invitations
    /// (<c>case-{id}-meeting-…ics</c>), so the retention schedule deletes them with the case (issue 11).
    /// </summary>
    public IReadOnlyList<string> FilesOfCase(int caseId)
    {
        if (Path is null || !Directory.Exists(Path))
        {
            return [];
        }

        // The hyphen after the id keeps case 1 from matching case 12's files.
        var prefix = FormattableString.Invariant($"case-{caseId}-");
        return [.. Directory.EnumerateFiles(Path, prefix + "*", SearchOption.TopDirectoryOnly)
            .Where(f => System.IO.Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal)
                && System.IO.Path.GetExtension(f) is ".eml" or ".ics" or ".tmp")];
    }

    private static string? Resolve(LetterOptions letters, DatabaseOptions database)
    {
        if (!string.IsNullOrWhiteSpace(letters.OutboxFolder))
        {
            return System.IO.Path.GetFullPath(letters.OutboxFolder);
        }

        if (database.IsPostgres)
        {
            return null;
        }

        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (string.IsNullOrWhiteSpace(file) || file == ":memory:")
        {
            return null;
        }

        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file)) ?? ".", "outbox");
    }
}
