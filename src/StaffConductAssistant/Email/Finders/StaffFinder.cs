using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email.Finders;

/// <summary>
/// Members of staff the email names: a title and surname ("Miss Osei", "Mr. Okonjo"), a school role the school maps
/// to a person ("the Headmistress"), or a name on the school's staff list. A parent signing "Mrs Okafor" is the reporter.
/// </summary>
internal static partial class StaffFinder
{
    public static List<string> Find(BodyText body, string subject, ExtractionContext context, NameExclusions excluded, out FieldSource? source)
    {
        var found = new List<(int Order, string Name, string Where)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        void Consider(string name, string key, int order, string where)
        {
            if (seen.Add(key))
            {
                found.Add((order, name, where));
            }
        }

        foreach (var (text, offsetBase, isSubject) in new[] { (subject, -1_000_000, true), (body.Text, 0, false) })
        {
            string Where(int at) => isSubject ? "Subject line" : body.Describe(at).Explanation;
            foreach (Match m in TitledName().Matches(text))
            {
                var words = m.Groups["n"].Value.Split(' ').ToList();
                while (words.Count > 0 && Names.NotNames.Contains(words[^1]))
                {
                    words.RemoveAt(words.Count - 1);
                }

                if (words.Count == 0 || Names.NotNames.Contains(words[0]))
                {
                    continue;
                }

                if (excluded.ReporterSurname is { } rs && string.Equals(words[^1], rs, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var title = m.Groups["t"].Value;
                Consider(title + " " + string.Join(' ', words), title + " " + words[^1], offsetBase + m.Index, Where(m.Index));
            }

            foreach (var (role, person) in context.StaffRoles.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                var idx = Names.IndexOfWord(text, role);
                if (idx >= 0)
                {
                    var key = person.Split(' ') is { Length: > 1 } p ? p[0] + " " + p[^1] : person;
                    Consider(person, key, offsetBase + idx, Where(idx));
                }
            }

            foreach (var known in context.KnownStaff)
            {
                var idx = Names.IndexOfWord(text, known);
                if (idx >= 0)
                {
                    Consider(known, known, offsetBase + idx, Where(idx));
                }
            }
        }

        found.Sort((a, b) => a.Order.CompareTo(b.Order));
        source = found.Count == 0
            ? null
            : new FieldSource("Titles (Mr, Mrs, Miss, Ms, Dr, Mx) followed by a surname, school roles and known staff; first: " + found[0].Where);
        return [.. found.Select(f => f.Name)];
    }

    // Only the next name word(s) on the same line: "Miss Turner\nDear…" run together by a chat client is two lines.
    [GeneratedRegex(@"\b(?<t>Mr|Mrs|Miss|Ms|Mx|Dr)\.?[ ]+(?<n>" + Names.N2 + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TitledName();
}
