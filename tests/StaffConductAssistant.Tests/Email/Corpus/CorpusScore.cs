using System.Globalization;
using System.Text;
using System.Text.Json;
using StaffConductAssistant.Email;

namespace StaffConductAssistant.Tests.Email.Corpus;

/// <summary>One line of answers.json: what a careful member of staff would fill in from the email.</summary>
public sealed record CorpusAnswer(
    string File,
    IReadOnlyList<string> Kinds,
    string Envelope,
    bool Readable,
    string? Reporter,
    DateTimeOffset? SentAt,
    string? Group,
    string? PostedBy,
    string? Quote,
    IReadOnlyList<string> Conduct,
    IReadOnlyList<string> NotConduct,
    bool IsConcern,
    IReadOnlyList<string> NamedChildren,
    IReadOnlyList<string> NamedStaff,
    int Timeline);

/// <summary>
/// Right/wrong per field, and precision/recall where "present" means the draft gave a value:
/// precision = right values given / values given (nothing invented), recall = right values given / values the key has.
/// </summary>
public sealed record FieldScore(string Field, int Total, int Right, int RightPresent, int Present, int Expected)
{
    public double Accuracy => Total == 0 ? 1 : (double)Right / Total;

    public double Precision => Present == 0 ? 1 : (double)RightPresent / Present;

    public double Recall => Expected == 0 ? 1 : (double)RightPresent / Expected;
}

public sealed record CorpusMiss(string File, string Field, string Expected, string Got);

public sealed record CorpusReport(int Emails, IReadOnlyList<FieldScore> Fields, IReadOnlyList<CorpusMiss> Misses)
{
    public FieldScore this[string field] => Fields.Single(f => f.Field == field);

    public string Table()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Emails} emails");
        sb.AppendLine("| Field | Right | Accuracy | Precision | Recall |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var f in Fields)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {f.Field}{(CorpusScorer.KeyFields.Contains(f.Field) ? " (key)" : string.Empty)} | {f.Right}/{f.Total} | {f.Accuracy:P1} | {f.Precision:P1} | {f.Recall:P1} |");
        }

        return sb.ToString();
    }
}

/// <summary>Scores drafts against the corpus answer key; shared by the corpus test and bench/extraction.</summary>
public static class CorpusScorer
{
    /// <summary>The fields the form's promise is about (issue 14: at least 95% right each).</summary>
    public static readonly IReadOnlySet<string> KeyFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "reporter", "sentAt", "group", "postedBy", "quote", "conduct", "isConcern",
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<CorpusAnswer> LoadAnswers(string corpusDirectory) =>
        JsonSerializer.Deserialize<List<CorpusAnswer>>(File.ReadAllText(Path.Combine(corpusDirectory, "answers.json")), Json)
        ?? throw new InvalidOperationException("answers.json is empty");

    /// <summary>Finds tests/StaffConductAssistant.Tests/Email/Corpus above <paramref name="start"/>.</summary>
    public static string FindCorpus(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "StaffConductAssistant.Tests", "Email", "Corpus");
            if (File.Exists(Path.Combine(candidate, "answers.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Could not find the email corpus above " + start);
    }

    /// <param name="read">The draft for the raw email, or null when the app says it is not an email.</param>
    /// <param name="only">Scores only the emails this accepts (e.g. the held-out ones); all when null.</param>
    public static CorpusReport Score(string corpusDirectory, Func<byte[], EmailDraft?> read, Func<CorpusAnswer, bool>? only = null)
    {
        var answers = LoadAnswers(corpusDirectory).Where(a => only?.Invoke(a) ?? true).ToList();
        var fields = new Dictionary<string, int[]>(StringComparer.Ordinal); // total, right, rightPresent, present, expected
        var order = new List<string>();
        var misses = new List<CorpusMiss>();

        void Count(string file, string field, bool right, bool present, bool expected, string want, string got)
        {
            if (!fields.TryGetValue(field, out var c))
            {
                fields[field] = c = new int[5];
                order.Add(field);
            }

            c[0]++;
            c[1] += right ? 1 : 0;
            c[2] += right && present ? 1 : 0;
            c[3] += present ? 1 : 0;
            c[4] += expected ? 1 : 0;
            if (!right)
            {
                misses.Add(new CorpusMiss(file, field, want, got));
            }
        }

        foreach (var a in answers)
        {
            var d = read(File.ReadAllBytes(Path.Combine(corpusDirectory, "emails", a.File)));
            var reporter = d?.Reporter?.Email;
            Count(a.File, "reporter", Same(reporter, a.Reporter), reporter is { Length: > 0 }, a.Reporter is not null, Show(a.Reporter), Show(reporter));
            var sentRight = d?.SentAt is { } s ? a.SentAt is { } e && s.UtcDateTime == e.UtcDateTime : a.SentAt is null;
            Count(a.File, "sentAt", sentRight, d?.SentAt is not null, a.SentAt is not null, Show(a.SentAt), Show(d?.SentAt));
            Count(a.File, "group", Same(d?.Group, a.Group), d?.Group is not null, a.Group is not null, Show(a.Group), Show(d?.Group));
            Count(a.File, "postedBy", Same(d?.PostedBy, a.PostedBy), d?.PostedBy is not null, a.PostedBy is not null, Show(a.PostedBy), Show(d?.PostedBy));
            var quoteRight = a.Quote is null ? d?.Quote is null : d?.Quote is { } q && Norm(q).Contains(Norm(a.Quote), StringComparison.Ordinal);
            Count(a.File, "quote", quoteRight, d?.Quote is not null, a.Quote is not null, Show(a.Quote), Show(d?.Quote));
            var conduct = d?.Conduct ?? [];
            var conductRight = a.Conduct.Count == 0
                ? conduct.Count == 0
                : conduct.Any(a.Conduct.Contains) && !conduct.Any(a.NotConduct.Contains);
            Count(a.File, "conduct", conductRight, conduct.Count > 0, a.Conduct.Count > 0, string.Join(" | ", a.Conduct) + (a.NotConduct.Count > 0 ? " not " + string.Join(",", a.NotConduct) : string.Empty), string.Join(",", conduct));
            var isConcern = d?.IsLikelyConcern ?? false;
            Count(a.File, "isConcern", isConcern == a.IsConcern, isConcern, a.IsConcern, a.IsConcern.ToString(), isConcern.ToString());
            var children = d?.NamedChildren ?? [];
            Count(a.File, "namedChildren", SameSet(children, a.NamedChildren), children.Count > 0, a.NamedChildren.Count > 0, string.Join(",", a.NamedChildren), string.Join(",", children));
            var staff = d?.NamedStaff ?? [];
            Count(a.File, "namedStaff", SameSet(staff, a.NamedStaff), staff.Count > 0, a.NamedStaff.Count > 0, string.Join(",", a.NamedStaff), string.Join(",", staff));
            var timeline = d?.Timeline.Count ?? 0;
            Count(a.File, "timeline", timeline == a.Timeline, timeline > 0, a.Timeline > 0, a.Timeline.ToString(CultureInfo.InvariantCulture), timeline.ToString(CultureInfo.InvariantCulture));
        }

        var scores = order.Select(f => new FieldScore(f, fields[f][0], fields[f][1], fields[f][2], fields[f][3], fields[f][4])).ToList();
        return new CorpusReport(answers.Count, scores, misses);
    }

    private static bool Same(string? got, string? want) =>
        want is null ? got is null : got is not null && string.Equals(Collapse(got), Collapse(want), StringComparison.OrdinalIgnoreCase);

    private static bool SameSet(IReadOnlyList<string> got, IReadOnlyList<string> want) =>
        got.Count == want.Count && want.All(w => got.Any(g => Same(g, w)));

    private static string Collapse(string s) => string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Norm(string s) =>
        Collapse(s.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"')).ToLowerInvariant();

    private static string Show(object? value) => value switch
    {
        null => "(none)",
        DateTimeOffset dto => dto.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "(none)",
    };
}
