using System.Text.RegularExpressions;

namespace StaffConductAssistant.Subjects;

/// <summary>
/// How a parent's typed name is compared: its key (case and spacing ignored), its first name and surname, the short
/// forms of first names (Dan for Daniel), and whether the text names more than one person ("Steve Rowe and Imran Malik").
/// Pure: no database, no I/O.
/// </summary>
public static partial class ParentNames
{
    /// <summary>"Dan  Price " and "dan price" are the same written name.</summary>
    public static string Key(string? name) =>
        string.Join(' ', (name ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>The last word of the name, lower case ("smith" for "Daniel Smith"); empty for an empty name.</summary>
    public static string SurnameKey(string? name)
    {
        var words = Words(name);
        return words.Count == 0 ? string.Empty : words[^1];
    }

    /// <summary>The first word of the name, lower case, when the name has a surname after it.</summary>
    public static string? FirstNameKey(string? name)
    {
        var words = Words(name);
        return words.Count >= 2 ? words[0] : null;
    }

    /// <summary>
    /// True when the text names two or more people: joined by "and", "&amp;", "+", "/", "," or " or ". A couple is two
    /// parents, each their own data subject, so each needs their own record and concern.
    /// </summary>
    public static bool NamesSeveral(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return Joiner().IsMatch(text);
    }

    /// <summary>The people a text like "Steve Rowe and Imran Malik" names, in order, for the form's message.</summary>
    public static IReadOnlyList<string> Split(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. Joiner().Split(text).Select(p => p.Trim()).Where(p => p.Length > 0)];

    /// <summary>
    /// Two first names that are the same person's: equal, in the same row of <see cref="Nicknames"/> (Dan and Daniel,
    /// Steve and Stephen), or one the start of the other in at least three letters (Sam and Samantha).
    /// </summary>
    public static bool SameFirstName(string? a, string? b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
        {
            return false;
        }

        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        if (Nicknames.TryGetValue(a, out var rowA) && Nicknames.TryGetValue(b, out var rowB) && rowA.Overlaps(rowB))
        {
            return true;
        }

        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        return shorter.Length >= 3 && longer.StartsWith(shorter, StringComparison.Ordinal);
    }

    /// <summary>Lower-case words of a name, titles (Mr, Mrs…) left out.</summary>
    public static IReadOnlyList<string> Words(string? name) =>
        [.. Key(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', ',')).Where(w => w.Length > 0 && !Titles.Contains(w))];

    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal) { "mr", "mrs", "miss", "ms", "mx", "dr" };

    /// <summary>
    /// Common English short forms, a row per given name; a name may sit in two rows (Alex: Alexander and Alexandra),
    /// and two names match when they share a row. Short by design: a suggestion, never an automatic link.
    /// </summary>
    private static readonly string[][] Rows =
    [
        ["daniel", "dan", "danny"],
        ["stephen", "steven", "steve", "stevie"],
        ["robert", "rob", "robbie", "bob", "bobby", "bert"],
        ["william", "will", "bill", "billy", "liam"],
        ["richard", "rich", "rick", "ricky", "dick"],
        ["james", "jim", "jimmy", "jamie"],
        ["michael", "mike", "mick", "mickey"],
        ["thomas", "tom", "tommy"],
        ["joseph", "joe", "joey"],
        ["edward", "ed", "eddie", "ted", "ned"],
        ["anthony", "tony"],
        ["andrew", "andy", "drew"],
        ["christopher", "chris", "kit"],
        ["matthew", "matt"],
        ["nicholas", "nick", "nicky"],
        ["benjamin", "ben", "benny"],
        ["samuel", "sam", "sammy"],
        ["alexander", "alex", "sandy", "xander"],
        ["jonathan", "jon", "jonny"],
        ["john", "jack", "johnny"],
        ["peter", "pete"],
        ["patrick", "pat", "paddy"],
        ["timothy", "tim", "timmy"],
        ["gregory", "greg"],
        ["charles", "charlie", "chas", "chuck"],
        ["henry", "harry", "hal"],
        ["david", "dave", "davey"],
        ["kenneth", "ken", "kenny"],
        ["imran", "immy"],
        ["mohammed", "muhammad", "mohammad", "mo"],
        ["elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "libby"],
        ["katherine", "catherine", "kathryn", "kate", "katie", "kath", "cathy", "kathy", "kat"],
        ["margaret", "maggie", "meg", "peggy"],
        ["rebecca", "becky", "becca"],
        ["jennifer", "jen", "jenny"],
        ["victoria", "vicky", "tori"],
        ["alexandra", "alex", "lexi", "sandra"],
        ["samantha", "sam", "sammy"],
        ["susan", "sue", "susie"],
        ["deborah", "debbie", "deb"],
        ["rachel", "rach"],
        ["jessica", "jess", "jessie"],
        ["charlotte", "charlie", "lottie"],
        ["eleanor", "ellie", "nell", "nora"],
        ["abigail", "abi", "abby", "gail"],
        ["amanda", "mandy"],
        ["christine", "christina", "chris", "tina"],
        ["patricia", "pat", "patty", "trish", "tricia"],
        ["natalie", "nat"],
        ["joanne", "jo", "joanna"],
        ["louise", "lou"],
        ["hannah", "han"],
    ];

    private static readonly Dictionary<string, HashSet<int>> Nicknames = BuildNicknames();

    private static Dictionary<string, HashSet<int>> BuildNicknames()
    {
        var map = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var i = 0; i < Rows.Length; i++)
        {
            foreach (var name in Rows[i])
            {
                if (!map.TryGetValue(name, out var rows))
                {
                    map[name] = rows = [];
                }

                rows.Add(i);
            }
        }

        return map;
    }

    [GeneratedRegex(@"\s+(?:and|&|\+|/|or)\s+|\s*,\s*|\s*/\s*|\s*&\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Joiner();
}
