using System.Globalization;
using StaffConductAssistant.Data;
using StaffConductAssistant.Hosting;
using static StaffConductAssistant.Features.ModeratorRoster.RosterEndpoints;

namespace StaffConductAssistant.Features.ModeratorRoster;

/// <summary>The roster file's columns, as exported; an import reads the same columns back.</summary>
public static class ImportColumns
{
    public const string Id = "Id";
    public const string Group = "Group";
    public const string ParentName = "Parent name";
    public const string Contact = "Contact";
    public const string NotifiedOn = "Date school told";
    public const string Acknowledged = "Code of conduct acknowledged";

    public static readonly string[] Header = [Id, Group, ParentName, Contact, NotifiedOn, Acknowledged];
}

/// <param name="Row">The line in the file (the header is line 1).</param>
/// <param name="Action">add, update, unchanged or error.</param>
public sealed record ImportChange(int Row, string Action, ModeratorView? Before, ModeratorView? After, IReadOnlyList<string> Changed, IReadOnlyList<string> Problems);

/// <param name="Token">Binds the import to exactly this file and this state of the roster.</param>
public sealed record ImportPreview(IReadOnlyList<ImportChange> Changes, int Adds, int Updates, int Unchanged, int Problems, IReadOnlyList<string> FileProblems, bool CanApply, string Token);

/// <summary>
/// Works out what a roster CSV would change, without changing anything. A row with an Id updates that moderator;
/// a row without one updates the active moderator of the same name in the same group, or adds a new one.
/// Moderators missing from the file are left alone: retiring is always a deliberate click.
/// </summary>
public static class RosterImport
{
    public static ImportPreview Preview(string text, IReadOnlyList<Moderator> active, SchoolOptions school, DateTimeOffset now)
    {
        var token = Fingerprint(text, active);
        var rows = Csv.Parse(text);
        if (rows.Count == 0)
        {
            return Failed(["The file is empty."], token);
        }

        var header = rows[0].Select(h => h.Trim()).ToList();
        int Column(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        var columns = ImportColumns.Header.ToDictionary(c => c, Column);
        var missing = new[] { ImportColumns.Group, ImportColumns.ParentName }.Where(c => columns[c] < 0).ToList();
        if (missing.Count > 0)
        {
            return Failed([$"The first line must name the columns. Missing: {string.Join(", ", missing)}. Export the roster to get a file in the right shape."], token);
        }

        var changes = new List<ImportChange>();
        var seen = new HashSet<int>();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            string Cell(string column) => columns[column] is var c and >= 0 && c < row.Count ? Unescape(row[c].Trim()) : string.Empty;
            var problems = new List<string>();

            var group = school.FindGroup(Cell(ImportColumns.Group));
            if (group is null)
            {
                problems.Add($"\"{Cell(ImportColumns.Group)}\" is not one of the school's groups.");
            }

            var name = Clean(Cell(ImportColumns.ParentName));
            if (name is null)
            {
                problems.Add("The parent's name is empty.");
            }
            else if (name.Length > MaxNameLength)
            {
                problems.Add($"The parent's name is longer than {MaxNameLength} characters.");
            }

            var contact = Clean(Cell(ImportColumns.Contact));
            if (contact is { Length: > MaxContactLength })
            {
                problems.Add($"The contact details are longer than {MaxContactLength} characters.");
            }

            DateOnly? told = null;
            var toldText = Cell(ImportColumns.NotifiedOn);
            if (toldText.Length > 0)
            {
                if (DateOnly.TryParseExact(toldText, ["yyyy-MM-dd", "d/M/yyyy", "dd/MM/yyyy", "d MMM yyyy", "d MMMM yyyy"], CultureInfo.GetCultureInfo("en-GB"), DateTimeStyles.None, out var parsed))
                {
                    told = parsed;
                    if (parsed > today.AddDays(1))
                    {
                        problems.Add("The date the school was told is in the future.");
                    }
                }
                else
                {
                    problems.Add($"\"{toldText}\" is not a date (use 2025-09-15 or 15/09/2025).");
                }
            }

            var ackText = Cell(ImportColumns.Acknowledged).ToUpperInvariant();
            bool acknowledged = ackText is "YES" or "Y" or "TRUE" or "1";
            if (ackText.Length > 0 && !acknowledged && ackText is not ("NO" or "N" or "FALSE" or "0"))
            {
                problems.Add($"\"{Cell(ImportColumns.Acknowledged)}\" should be Yes or No.");
            }

            Moderator? existing = null;
            var idText = Cell(ImportColumns.Id);
            if (idText.Length > 0)
            {
                existing = int.TryParse(idText, CultureInfo.InvariantCulture, out var id) ? active.FirstOrDefault(m => m.Id == id) : null;
                if (existing is null)
                {
                    problems.Add($"No current moderator has the id {idText}. Leave the Id empty to add a new moderator.");
                }
            }
            else if (group is not null && name is not null)
            {
                existing = active.FirstOrDefault(m => school.FindGroup(m.Group) == group && string.Equals(Clean(m.ParentName), name, StringComparison.OrdinalIgnoreCase));
            }

            if (existing is not null && !seen.Add(existing.Id))
            {
                problems.Add("This moderator appears more than once in the file.");
            }

            var before = existing is null ? null : ToView(existing);
            var after = problems.Count > 0 ? null
                : new ModeratorView(existing?.Id ?? 0, group!, name!, contact, told, acknowledged, existing?.Version ?? 1);
            if (problems.Count > 0)
            {
                changes.Add(new ImportChange(i + 1, "error", before, null, [], problems));
                continue;
            }

            var changed = before is null ? [] : Differences(before, after!);
            var action = before is null ? "add" : changed.Count == 0 ? "unchanged" : "update";
            changes.Add(new ImportChange(i + 1, action, before, after, changed, []));
        }

        var errorCount = changes.Count(c => c.Action == "error");
        return new ImportPreview(
            changes,
            changes.Count(c => c.Action == "add"),
            changes.Count(c => c.Action == "update"),
            changes.Count(c => c.Action == "unchanged"),
            errorCount,
            changes.Count == 0 ? ["The file has a header line but no moderators."] : [],
            // The good rows can be applied even when some rows have problems: those are listed and left out, so one
            // mistyped line does not hold back the rest of the file.
            CanApply: changes.Any(c => c.Action is "add" or "update"),
            token);
    }

    private static List<string> Differences(ModeratorView before, ModeratorView after)
    {
        var changed = new List<string>();
        if (before.Group != after.Group)
        {
            changed.Add("group");
        }

        if (before.ParentName != after.ParentName)
        {
            changed.Add("parentName");
        }

        if (before.Contact != after.Contact)
        {
            changed.Add("contact");
        }

        if (before.NotifiedOn != after.NotifiedOn)
        {
            changed.Add("notifiedOn");
        }

        if (before.AcknowledgedCodeOfConduct != after.AcknowledgedCodeOfConduct)
        {
            changed.Add("acknowledgedCodeOfConduct");
        }

        return changed;
    }

    /// <summary>Undoes the export's guard against spreadsheet formulas ("'+44 7700…" back to "+44 7700…").</summary>
    private static string Unescape(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' ? cell[1..] : cell;

    private static ImportPreview Failed(IReadOnlyList<string> problems, string token) =>
        new([], 0, 0, 0, 0, problems, CanApply: false, token);
}
