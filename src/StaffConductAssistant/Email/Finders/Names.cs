namespace StaffConductAssistant.Email.Finders;

/// <summary>What a person's name looks like in a parent's email, and which capitalised words are never names.</summary>
internal static class Names
{
    /// <summary>One capitalised name word: Oliver, O'Brien, McDonald, Mary-Jane, Zoë.</summary>
    public const string W = @"(?<![\p{L}'])\p{Lu}\p{Ll}*(?:'\p{Lu}\p{Ll}+|\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?(?!\p{L})";

    /// <summary>One to three name words.</summary>
    public const string N = W + "(?:[ ]" + W + "){0,2}";

    /// <summary>One or two name words.</summary>
    public const string N2 = W + "(?:[ ]" + W + ")?";

    public static readonly HashSet<string> Titles = new(StringComparer.Ordinal) { "Mr", "Mrs", "Miss", "Ms", "Mx", "Dr" };

    /// <summary>Capitalised words that start sentences or name things, never people.</summary>
    public static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "I", "A", "An", "The", "He", "She", "They", "We", "You", "It", "His", "Her", "Their", "Our", "My", "Your", "This", "That", "These",
        "Those", "Then", "When", "While", "After", "Before", "At", "In", "On", "Of", "To", "For", "From", "With", "By", "And", "But", "Or", "So",
        "If", "As", "Also", "Just", "Yesterday", "Today", "Tonight", "Tomorrow", "Last", "Next", "Some", "Several", "Another", "Other",
        "Others", "One", "Two", "Three", "Both", "All", "Many", "Most", "No", "Not", "Please", "Thanks", "Thank", "Kind", "Best", "Warm",
        "Regards", "Dear", "Hi", "Hello", "Hiya", "Morning", "Afternoon", "Evening", "Year", "Yr", "Reception", "Nursery", "WhatsApp", "Whatsapp",
        "Group", "Class", "Chat", "School", "Parent", "Parents", "Dad", "Dads", "Mum", "Mums", "Mother", "Father", "Carer", "Teacher", "Head",
        "Headmistress", "Headteacher", "Deputy", "Office", "Sir", "Madam", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "PE", "Mr", "Mrs", "Miss", "Ms", "Mx", "Dr", "Someone", "Somebody", "Everyone", "Anyone", "Nobody", "Apparently", "Sorry",
        "Unfortunately", "However", "Could", "Would", "Should", "Can", "Will", "Is", "Are", "Was", "Were", "Has", "Have", "Had", "Do", "Does",
        "Did", "What", "Who", "Why", "How", "Where", "Which", "Over", "Since", "Now", "Here", "There", "Ok", "Okay", "Yes", "Forwarding",
        "Sent", "Subject", "Re", "Fw", "Fwd", "Moderator", "Admin", "Screenshot", "Message", "Messages", "Post", "Posts", "Priory", "St",
        "John", "Banbury", "Lol", "Christmas", "Easter", "Half", "Term", "Sports", "Day", "Nativity", "Team", "Football", "Club", "Staff",
        "Lunchtime", "Children", "Child", "Son", "Daughter", "Kids", "Comment", "Comments", "Big", "Little",
        "Diwali", "Google", "Facebook", "GoFundMe", "SATs", "English",
    };

    /// <summary>Lower-case words that are not a nickname when someone writes "x in the yr 5 chat keeps…".</summary>
    public static readonly HashSet<string> NotLowerNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "someone", "somebody", "everyone", "anyone", "nobody", "people", "parents", "parent", "mums", "dads", "mum", "dad", "messages", "message",
        "posts", "post", "comments", "comment", "stuff", "things", "one", "lady", "man", "woman", "person", "he", "she", "they", "it", "this",
        "that", "who", "which", "what", "again", "also", "still", "just", "now", "and", "but", "posted", "said", "was", "is", "are", "others",
        "somone", "sum1", "some1", "ppl",
    };

    public static bool PrecededByTitle(string text, int start)
    {
        var k = start - 1;
        while (k >= 0 && text[k] is ' ' or '.')
        {
            k--;
        }

        var end = k + 1;
        while (k >= 0 && char.IsLetter(text[k]))
        {
            k--;
        }

        return end > k + 1 && Titles.Contains(text[(k + 1)..end]);
    }

    /// <summary>Drops leading/trailing non-name words; null when nothing name-like is left or it's a titled (staff) name.</summary>
    public static string? Clean(string name, string text, int start)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if ((words.Count > 0 && Titles.Contains(words[0])) || PrecededByTitle(text, start))
        {
            return null;
        }

        while (words.Count > 0 && NotNames.Contains(words[0]))
        {
            words.RemoveAt(0);
        }

        while (words.Count > 0 && NotNames.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        if (words.Count == 0 || words.Any(w => NotNames.Contains(w) || w.Length < 2))
        {
            return null;
        }

        return string.Join(' ', words);
    }

    public static int IndexOfWord(string text, string word, int from = 0)
    {
        if (string.IsNullOrWhiteSpace(word))
        {
            return -1;
        }

        while (from <= text.Length - word.Length)
        {
            var idx = text.IndexOf(word, from, StringComparison.OrdinalIgnoreCase);
            if (idx < 0)
            {
                return -1;
            }

            var before = idx == 0 || !char.IsLetterOrDigit(text[idx - 1]);
            var afterPos = idx + word.Length;
            var after = afterPos >= text.Length || !char.IsLetterOrDigit(text[afterPos]);
            if (before && after)
            {
                return idx;
            }

            from = idx + 1;
        }

        return -1;
    }

    public static bool IsSentenceStart(string text, int index)
    {
        var k = index - 1;
        while (k >= 0 && text[k] is ' ' or '(' or '"' or '\u201C')
        {
            k--;
        }

        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or ':' or '-';
    }

    /// <summary>"jade" → "Jade"; "kerry-ann" → "Kerry-Ann".</summary>
    public static string Capitalise(string word) =>
        string.Join('-', word.Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}

/// <summary>People who must not be offered as the poster or a child: the reporter, forwarders, staff.</summary>
internal sealed class NameExclusions
{
    private readonly HashSet<string> _fullNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _singleWords = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _surnames = new(StringComparer.OrdinalIgnoreCase);

    public NameExclusions(ParsedEmail email)
    {
        Add(email.From?.Name);
        foreach (var hop in email.ForwardChain)
        {
            Add(hop.From?.Name);
        }

        ReporterName = email.From?.Name;
        ReporterSurname = string.IsNullOrWhiteSpace(email.From?.Name) ? null : email.From.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
    }

    public string? ReporterName { get; }

    public string? ReporterSurname { get; }

    public void Add(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return;
        }

        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0 && Names.Titles.Contains(words[0]))
        {
            words = words[1..];
            if (words.Length == 0)
            {
                return;
            }
        }

        _fullNames.Add(string.Join(' ', words));
        _singleWords.Add(words[0]);
        if (words.Length > 1)
        {
            _surnames.Add(words[^1]);
        }
    }

    public void AddStaff(string titled)
    {
        var words = titled.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 1)
        {
            _surnames.Add(words[^1]);
            _fullNames.Add(string.Join(' ', words.Skip(1)));
        }
    }

    public bool IsSurname(string word) => _surnames.Contains(word);

    public bool Excludes(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (_fullNames.Contains(name))
        {
            return true;
        }

        // "Hannah" alone is the reporter Hannah Okafor signing off.
        return words.Length == 1 && (_singleWords.Contains(words[0]) || _surnames.Contains(words[0]));
    }
}
