using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace StaffConductAssistant.Subjects;

/// <summary>Who a hidden name belongs to: the placeholder the reader sees says which kind of person it was.</summary>
public enum RedactionCategory
{
    OtherParent,
    Child,
    Staff,
    EmailAddress,
}

/// <summary>A name to hide, and who it belongs to.</summary>
public sealed record RedactionTerm(string Text, RedactionCategory Category);

/// <summary>
/// One person (or address) hidden in the texts: <see cref="Key"/> names it in an un-redaction request without the name
/// itself (a hash), <see cref="Placeholder"/> is what the reader sees ("[a child 1]"), <see cref="Count"/> how often.
/// </summary>
public sealed record Redaction(string Key, string Label, RedactionCategory Category, string Placeholder, int Count);

/// <summary>
/// Hides third parties in texts about one data subject (issue 11; UK GDPR Art 15(4), DPA 2018 Sch 2 para 16: another
/// person's information need not be disclosed without their consent). Full names are hidden wherever they appear,
/// in any case; each word of a name (three letters or more, capitalised) on its own too, unless it is also a word of
/// the subject's own name (a child who shares the parent's surname keeps the surname, loses the first name).
/// Email addresses other than the subject's are hidden. Pure: the caller supplies the names.
/// </summary>
public sealed partial class Redactor
{
    private readonly Regex? pattern;
    private readonly Dictionary<string, Entry> byMatch;
    private readonly List<Entry> entries;
    private readonly HashSet<string> subjectEmails;

    private sealed class Entry(string key, string label, RedactionCategory category, string placeholder)
    {
        public string Key { get; } = key;

        public string Label { get; } = label;

        public RedactionCategory Category { get; } = category;

        public string Placeholder { get; } = placeholder;

        public int Count { get; set; }
    }

    public Redactor(IEnumerable<RedactionTerm> terms, IEnumerable<string> subjectNames, IEnumerable<string?> subjectEmails)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(subjectNames);
        ArgumentNullException.ThrowIfNull(subjectEmails);
        var subjectKeys = subjectNames.Select(ParentNames.Key).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        var subjectWords = subjectKeys.SelectMany(k => k.Split(' ')).ToHashSet(StringComparer.Ordinal);
        this.subjectEmails = subjectEmails.Select(ParentMatcher.NormaliseEmail).OfType<string>().ToHashSet(StringComparer.Ordinal);
        byMatch = new Dictionary<string, Entry>(StringComparer.Ordinal);
        entries = [];
        var numbers = new Dictionary<RedactionCategory, int>();
        var fullNames = new List<string>();
        var words = new List<string>();
        foreach (var term in terms)
        {
            var key = ParentNames.Key(term.Text);
            if (key.Length < 2 || subjectKeys.Contains(key) || byMatch.ContainsKey("n:" + key))
            {
                continue;
            }

            numbers[term.Category] = numbers.GetValueOrDefault(term.Category) + 1;
            var entry = new Entry(KeyOf(term.Category, key), term.Text.Trim(), term.Category, Placeholder(term.Category, numbers[term.Category]));
            entries.Add(entry);
            byMatch["n:" + key] = entry;
            fullNames.Add(key);
            foreach (var word in ParentNames.Words(term.Text).Where(w => w.Length >= 3 && !subjectWords.Contains(w) && w != key))
            {
                // A word shared by two people's names ("Smith") is hidden as the first of them: hidden either way.
                if (byMatch.TryAdd("w:" + word, entry))
                {
                    words.Add(word);
                }
            }
        }

        var alternatives = fullNames.Select(n => (n, full: true)).Concat(words.Select(w => (n: w, full: false)))
            .OrderByDescending(x => x.n.Length)
            .Select(x => x.full ? "(?i:" + NamePattern(x.n) + ")" : CapitalisedPattern(x.n))
            .ToList();
        if (alternatives.Count > 0)
        {
            pattern = new Regex(@"(?<![\p{L}\p{N}])(?:" + string.Join('|', alternatives) + @")(?![\p{L}\p{N}])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Every person hidden so far (counted over every text redacted), in the order they were given.</summary>
    public IReadOnlyList<Redaction> Redactions =>
        [.. entries.Where(e => e.Count > 0).Select(e => new Redaction(e.Key, e.Label, e.Category, e.Placeholder, e.Count))];

    /// <summary>The text with third parties replaced by placeholders, except those in <paramref name="shown"/> (by key).</summary>
    public string Redact(string? text, IReadOnlySet<string>? shown = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = Email().Replace(text, m =>
        {
            var mail = m.Value.ToLowerInvariant();
            if (subjectEmails.Contains(mail))
            {
                return m.Value;
            }

            var key = "e:" + mail;
            if (!byMatch.TryGetValue(key, out var entry))
            {
                var number = entries.Count(e => e.Category == RedactionCategory.EmailAddress) + 1;
                entry = new Entry(KeyOf(RedactionCategory.EmailAddress, mail), m.Value, RedactionCategory.EmailAddress, Placeholder(RedactionCategory.EmailAddress, number));
                byMatch[key] = entry;
                entries.Add(entry);
            }

            entry.Count++;
            return shown?.Contains(entry.Key) == true ? m.Value : entry.Placeholder;
        });

        if (pattern is null)
        {
            return result;
        }

        return pattern.Replace(result, m =>
        {
            var found = ParentNames.Key(m.Value);
            var entry = byMatch.GetValueOrDefault("n:" + found) ?? byMatch.GetValueOrDefault("w:" + found);
            if (entry is null)
            {
                return m.Value;
            }

            entry.Count++;
            return shown?.Contains(entry.Key) == true ? m.Value : entry.Placeholder;
        });
    }

    /// <summary>A stable key for one person: the same name gives the same key in the preview and the download.</summary>
    public static string KeyOf(RedactionCategory category, string normalised) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(category + "\n" + normalised)))[..16];

    public static string Placeholder(RedactionCategory category, int number) => category switch
    {
        RedactionCategory.OtherParent => $"[another parent {number}]",
        RedactionCategory.Child => $"[a child {number}]",
        RedactionCategory.Staff => $"[a member of staff {number}]",
        _ => $"[an email address {number}]",
    };

    public static string Describe(RedactionCategory category) => category switch
    {
        RedactionCategory.OtherParent => "another parent",
        RedactionCategory.Child => "a child",
        RedactionCategory.Staff => "a member of staff",
        _ => "an email address",
    };

    /// <summary>A full name with any run of spaces between its words.</summary>
    private static string NamePattern(string key) => string.Join(@"\s+", key.Split(' ').Select(Regex.Escape));

    /// <summary>A single name word only when it starts with a capital ("Will", "O'Brien", not "will"), so ordinary words survive.</summary>
    private static string CapitalisedPattern(string word) => @"(?=\p{Lu})(?i:" + Regex.Escape(word) + ")";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
