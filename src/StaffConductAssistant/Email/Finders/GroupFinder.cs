using System.Globalization;
using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email.Finders;

/// <summary>
/// The class or year group the concern is about, as the school names it: "Year 4", "Reception Robins". Mentions
/// near a group-chat word and in the subject weigh more; the school's list turns "Reception" into its only
/// Reception class. "Year 1 to Year 6" (a range) names no one group.
/// </summary>
internal static partial class GroupFinder
{
    private sealed record Mention(string Base, string? ClassName, int Order, double Weight, string Where);

    private static readonly string[] NumberWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen"];

    public static string? Find(BodyText body, string subject, ExtractionContext context, List<string> warnings, out FieldSource? source)
    {
        source = null;
        var mentions = new List<Mention>();
        var known = context.KnownGroups.Select(g => (Name: g, Parsed: ParseGroupName(g))).Where(k => k.Parsed is not null).ToList();

        foreach (var (text, isSubject) in new[] { (subject, true), (body.Text, false) })
        {
            foreach (var (baseName, cls, index, isCode) in MentionsIn(text, known.Select(k => k.Parsed!.Value)))
            {
                var chatty = isSubject
                    ? ConcernAssessor.MentionsChat(text)
                    : ConcernAssessor.MentionsChat(body.SentenceAt(index).Text);
                var weight = (isCode ? 0.5 : 1.0) + (isSubject ? 3 : 0) + (chatty ? (isCode ? 0.5 : 2) : 0);
                var where = isSubject ? "Subject line: '" + BodyText.Snippet(text) + "'" : body.Describe(index).Explanation;
                mentions.Add(new Mention(baseName, cls, isSubject ? -1_000_000 + index : index, weight, where));
            }
        }

        if (mentions.Count == 0)
        {
            return null;
        }

        var best = mentions
            .GroupBy(m => m.Base, StringComparer.Ordinal)
            .Select(g => (Base: g.Key, Score: g.Sum(m => m.Weight), First: g.Min(m => m.Order), Mentions: g.ToList()))
            .OrderByDescending(g => g.Score).ThenBy(g => g.First)
            .First();

        var className = best.Mentions.Where(m => m.ClassName is not null)
            .GroupBy(m => m.ClassName!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(m => m.Order))
            .Select(g => g.Key).FirstOrDefault();
        var display = className is null ? best.Base : best.Base + " " + className;
        var explanation = best.Mentions.OrderByDescending(m => m.Weight).ThenBy(m => m.Order).First().Where;

        if (known.Count > 0)
        {
            var exact = known.FirstOrDefault(k => string.Equals(k.Name, display, StringComparison.OrdinalIgnoreCase));
            if (exact.Name is not null)
            {
                display = exact.Name;
            }
            else
            {
                var sameBase = known.Where(k => k.Parsed!.Value.Base == best.Base).ToList();
                if (className is null && sameBase.Count == 1)
                {
                    display = sameBase[0].Name;
                    explanation += $" (the only {best.Base} group in the school's list)";
                }
                else
                {
                    warnings.Add($"'{display}' isn't in the school's list of groups.");
                }
            }
        }

        source = new FieldSource(explanation);
        return display;
    }

    /// <summary>Parses a canonical name such as "Year 1 Kingfishers" into its base and class name.</summary>
    private static (string Base, string? ClassName)? ParseGroupName(string name)
    {
        var m = MentionsIn(name, []).FirstOrDefault();
        return m.Base is null ? null : (m.Base, m.ClassName);
    }

    private static IEnumerable<(string Base, string? ClassName, int Index, bool IsCode)> MentionsIn(
        string text, IEnumerable<(string Base, string? ClassName)> known)
    {
        var ranges = YearRange().Matches(text).Select(r => (r.Index, End: r.Index + r.Length)).ToList();
        bool InRange(int at) => ranges.Any(r => at >= r.Index && at < r.End);

        foreach (Match m in YearNumber().Matches(text))
        {
            var num = int.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture);
            if (num is >= 1 and <= 13 && !InRange(m.Index))
            {
                yield return ("Year " + num.ToString(CultureInfo.InvariantCulture), ClassNameOf(m.Groups["cls"]), m.Index, false);
            }
        }

        foreach (Match m in YearWord().Matches(text))
        {
            var num = Array.IndexOf(NumberWords, m.Groups["word"].Value.ToLowerInvariant()) + 1;
            yield return ("Year " + num.ToString(CultureInfo.InvariantCulture), ClassNameOf(m.Groups["cls"]), m.Index, false);
        }

        foreach (Match m in EarlyYears().Matches(text))
        {
            var word = m.Groups["base"].Value;
            var baseName = word.StartsWith("pre", StringComparison.OrdinalIgnoreCase) || word.StartsWith("nursery", StringComparison.OrdinalIgnoreCase) ? "Nursery" : "Reception";
            yield return (baseName, ClassNameOf(m.Groups["cls"]), m.Index, false);
        }

        foreach (Match m in ClassCode().Matches(text))
        {
            if (m.Groups["letters"].Value is "AM" or "PM" or "GB" or "MB" or "KB" or "TB" or "G" or "ST" or "ND" or "RD" or "TH" or "D" or "X")
            {
                continue;
            }

            yield return ("Year " + int.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), null, m.Index, true);
        }

        // Class names the school uses, on their own: "the Kingfishers group".
        foreach (var (baseName, cls) in known)
        {
            if (cls is null)
            {
                continue;
            }

            var idx = Names.IndexOfWord(text, cls);
            if (idx >= 0)
            {
                yield return (baseName, cls, idx, false);
            }
        }
    }

    private static string? ClassNameOf(Group g) =>
        g.Success && !Names.NotNames.Contains(g.Value) ? g.Value : null;

    [GeneratedRegex(@"\b(?:(?i:year|yr)[ ]?-?|(?i:y))(?<num>\d{1,2})(?!\d)(?:[ ]+(?<cls>" + Names.W + "))?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex YearNumber();

    [GeneratedRegex(@"\b(?i:year|yr)[ ]+(?<word>(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen))\b(?:[ ]+(?<cls>" + Names.W + "))?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex YearWord();

    // "Reception" or "reception", but not an address (reception@…) nor a host (mail.reception.example).
    [GeneratedRegex(@"(?<![@.\w])(?<base>(?i:reception|nursery|pre-school|preschool))(?![@.]\w)\b(?:[ ]+(?<cls>" + Names.W + "))?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EarlyYears();

    [GeneratedRegex(@"(?<![\p{L}\d])(?<num>1[0-3]|[1-9])(?<letters>[A-Z]{1,2})(?![\p{L}\d])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ClassCode();

    [GeneratedRegex(@"\b(?i:years?|yrs?|y)[ ]?\d{1,2}[ ]*(?:-|–|to)[ ]*(?i:(?:year|yr|y)[ ]?)?\d{1,2}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex YearRange();
}
