using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email.Finders;

/// <summary>
/// Children the email names (a safeguarding flag): after "mum/dad of", "my son/daughter", "a child called", "that boy",
/// before "'s behaviour" or "'s mum", "… is my son", or "… in Year 3". Never the reporter, staff, the poster or a class name.
/// </summary>
internal static partial class ChildrenFinder
{
    public static List<string> Find(BodyText body, NameExclusions excluded, ExtractionContext context, out FieldSource? source)
    {
        source = null;
        var classNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in context.KnownGroups)
        {
            var words = g.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0)
            {
                classNames.Add(words[^1]);
            }
        }

        var hits = new List<(int Index, string Name)>();
        foreach (var regex in new[] { ChildOfParent(), ChildMy(), ChildInClass(), ChildCalled(), ChildPossessive(), ChildThatBoy(), ChildIsMy() })
        {
            foreach (Match m in regex.Matches(body.Text))
            {
                foreach (var g in new[] { m.Groups["n"], m.Groups["n2"] })
                {
                    if (g.Success && Names.Clean(g.Value, body.Text, g.Index) is { } name && !excluded.Excludes(name)
                        && !excluded.IsSurname(name.Split(' ')[^1]) && !classNames.Contains(name))
                    {
                        hits.Add((g.Index, name));
                    }
                }
            }
        }

        hits.Sort((a, b) => a.Index.CompareTo(b.Index));
        var result = new List<string>();
        foreach (var (_, name) in hits)
        {
            // "Oliver" and "Oliver Price" are the same child: keep the first form seen.
            var first = name.Split(' ')[0];
            if (!result.Any(r => string.Equals(r.Split(' ')[0], first, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(name);
            }
        }

        if (hits.Count > 0)
        {
            source = new FieldSource("Names after 'mum/dad of', 'my son/daughter', 'in Year…', 'a child called', or before 's behaviour'; first: " + body.Describe(hits[0].Index).Explanation);
        }

        return result;
    }

    [GeneratedRegex(@"\b(?i:dad|daddy|mum|mummy|mom|mother|father|parent|carer|guardian|grandma|grandmother|grandad|grandfather|granny|nan|step-?mum|step-?dad)[ ]+(?i:of|to)[ ]+(?<n>" + Names.W + @")(?:[ ]*(?:,|and|&)[ ]*(?<n2>" + Names.W + "))?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildOfParent();

    [GeneratedRegex(@"\b(?i:my|our|his|her|their)[ ]+(?i:son|daughter|child|boy|girl|lad|little[ ]one|stepson|stepdaughter|twins?)[ ]*,?[ ]+(?<n>" + Names.W + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildMy();

    [GeneratedRegex(@"(?<n>" + Names.N2 + @")[ ]+(?:in|from)[ ]+(?:(?i:year)[ ]?\d|(?i:yr)[ ]?\d|Y\d|Reception|Nursery|(?i:class)[ ]+\d|\d{1,2}[A-Z]{1,2}\b)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildInClass();

    [GeneratedRegex(@"\b(?i:child|boy|girl|pupil|student|kid)[ ]+(?i:called|named)[ ]+(?<n>" + Names.W + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildCalled();

    [GeneratedRegex(@"(?<n>" + Names.W + @")'s[ ]+(?i:behaviour|behavior|birthday|party|teacher|class|reading|homework|work|progress|lunch|friends?|brother|sister|needs|diagnosis|allergy|allergies|report|results|seat|place|son|daughter|mum|mummy|mom|dad|daddy|grandma|granny|nan|grandad|parents)\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildPossessive();

    [GeneratedRegex(@"\b(?i:that|the|this)[ ]+(?i:boy|girl|kid|child)[ ]+(?<n>" + Names.W + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildThatBoy();

    [GeneratedRegex(@"(?<n>" + Names.W + @")[ ]+is[ ]+(?i:my|our)[ ]+(?i:son|daughter|child|boy|girl)\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildIsMy();
}
