using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email;

/// <summary>
/// Prefills a WhatsApp-concern form from a parsed email with fixed, explainable rules: each
/// value comes with the line or header it was taken from. Same input, same output.
/// </summary>
public static partial class ConcernExtractor
{
    private const int MaxAnalysedChars = 100_000;
    private const int MaxQuoteChars = 2_000;
    private static readonly TimeSpan CueTimeout = TimeSpan.FromMilliseconds(500);

    // One capitalised name word: Oliver, O'Brien, McDonald, Mary-Jane, Zoë.
    private const string W = @"(?<![\p{L}'])\p{Lu}\p{Ll}*(?:'\p{Lu}\p{Ll}+|\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?(?!\p{L})";
    private const string N = W + "(?:[ ]" + W + "){0,2}";
    private const string N2 = W + "(?:[ ]" + W + ")?";
    private const string PostVerb = @"(?<v>posted|posts|posting|wrote|writes|writing|said|says|saying|shared|shares|sharing|sent|put|replied|replies|commented|comments|added|adds|messaged|uploaded|forwarded|typed)\b";
    private const string Aux = @"(?:(?:who|has|have|had|then|just|also|keeps|kept|keep|been|again|was|were|is|are|later|now|even|apparently|actually)[ ]+){0,3}";

    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal) { "Mr", "Mrs", "Miss", "Ms", "Mx", "Dr" };

    // Capitalised words that start sentences or name things, never people.
    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "I", "A", "An", "The", "He", "She", "They", "We", "You", "It", "His", "Her", "Their", "Our", "My", "Your", "This", "That", "These",
        "Those", "Then", "When", "While", "After", "Before", "At", "In", "On", "Of", "To", "For", "From", "With", "By", "And", "But", "Or", "So",
        "If", "As", "Also", "Just", "Yesterday", "Today", "Tonight", "Tomorrow", "Last", "Next", "This", "Some", "Several", "Another", "Other",
        "Others", "One", "Two", "Three", "Both", "All", "Many", "Most", "No", "Not", "Please", "Thanks", "Thank", "Kind", "Best", "Warm",
        "Regards", "Dear", "Hi", "Hello", "Morning", "Afternoon", "Evening", "Year", "Yr", "Reception", "Nursery", "WhatsApp", "Whatsapp", "Group",
        "Class", "Chat", "School", "Parent", "Parents", "Dad", "Dads", "Mum", "Mums", "Mother", "Father", "Carer", "Teacher", "Head",
        "Headmistress", "Headteacher", "Deputy", "Office", "Sir", "Madam", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "PE", "Mr", "Mrs", "Miss", "Ms", "Mx", "Dr", "Someone", "Somebody", "Everyone", "Anyone", "Nobody", "Apparently", "Sorry",
        "Unfortunately", "However", "Could", "Would", "Should", "Can", "Will", "Is", "Are", "Was", "Were", "Has", "Have", "Had", "Do", "Does",
        "Did", "What", "Who", "Why", "How", "Where", "Which", "Over", "Since", "Now", "Here", "There", "Ok", "Okay", "Yes", "Forwarding",
        "Sent", "Subject", "Re", "Fw", "Fwd", "Moderator", "Admin", "Screenshot", "Message", "Post", "Priory", "St", "John", "Banbury", "Lol",
        "Christmas", "Easter", "Half", "Term", "Sports", "Day", "Nativity", "Team", "Football", "Club", "Staff", "Lunchtime", "Children",
        "Child", "Son", "Daughter", "Kids",
    };

    /// <summary>Builds the form prefill. Never throws for odd text; slow patterns time out into warnings.</summary>
    public static EmailDraft Extract(ParsedEmail email, ExtractionContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        context ??= ExtractionContext.Empty;
        var body = new BodyText(email.Body, MaxAnalysedChars);
        var subject = email.Subject.Replace('\u2019', '\'');
        var warnings = new List<string>(email.Warnings);
        var sources = new List<KeyValuePair<string, FieldSource>>();
        if (email.Body.Length > MaxAnalysedChars)
        {
            warnings.Add("The email is very long; only the beginning was read for the form.");
        }

        if (email.From is not null)
        {
            sources.Add(new("reporter", new FieldSource(email.FromSource)));
        }

        if (email.Date is not null)
        {
            sources.Add(new("sentAt", new FieldSource(email.FromSource.Replace("From", "Date", StringComparison.Ordinal))));
        }
        else
        {
            warnings.Add("The email has no date we could read.");
        }

        if (subject.Length > 0)
        {
            sources.Add(new("subject", new FieldSource("Subject line")));
        }

        var excluded = new NameExclusions(email);

        var staff = FindStaff(body, subject, context, excluded, out var staffSource);
        foreach (var s in staff)
        {
            excluded.AddStaff(s);
        }

        var poster = FindPoster(body, subject, excluded, out var posterSource, out var posterNames);
        foreach (var p in posterNames)
        {
            excluded.Add(p);
        }

        var children = FindChildren(body, excluded, context, out var childSource);
        var group = FindGroup(body, subject, context, warnings, out var groupSource);
        var quote = FindQuote(body, posterNames, out var quoteSource);
        var suggestions = MatchCues(body, subject, context.ConductCues, warnings);

        if (group is not null)
        {
            sources.Add(new("group", groupSource!));
        }
        else
        {
            warnings.Add("No class or year group found.");
        }

        if (poster is not null)
        {
            sources.Add(new("postedBy", posterSource!));
            if (posterNames.Count > 1)
            {
                warnings.Add("More than one parent was named as posting; check who posted the message.");
            }
        }
        else
        {
            warnings.Add("Couldn't tell who posted the message.");
        }

        if (quote is not null)
        {
            sources.Add(new("quote", quoteSource!));
        }

        if (suggestions.Count > 0)
        {
            sources.Add(new("conduct", new FieldSource("Cue words from the policy catalogue found in the subject and body")));
        }

        if (children.Count > 0)
        {
            sources.Add(new("namedChildren", childSource!));
        }

        if (staff.Count > 0)
        {
            sources.Add(new("namedStaff", staffSource!));
        }

        var attachments = email.Attachments.Select(a => new AttachmentInfo(a.Name, a.ContentType, a.Size)).ToList();
        if (attachments.Count > 0)
        {
            sources.Add(new("attachments", new FieldSource("Files attached to the email (forwarded emails themselves are not listed)")));
        }

        var (isLikely, score, reasons) = Assess(body, subject, suggestions, poster is not null, quote is not null);
        if (isLikely && quote is null)
        {
            warnings.Add("Couldn't find the words that were posted.");
        }

        return new EmailDraft
        {
            Reporter = email.From,
            SentAt = email.Date,
            Subject = email.Subject,
            Group = group,
            PostedBy = poster,
            Quote = quote,
            Suggestions = suggestions,
            NamedChildren = children,
            NamedStaff = staff,
            Attachments = attachments,
            Warnings = warnings,
            IsLikelyConcern = isLikely,
            ConcernScore = score,
            ConcernReasons = reasons,
            Sources = sources,
        };
    }

    // ---------------------------------------------------------------- names

    /// <summary>People who must not be offered as the poster or a child: the reporter, forwarders, staff.</summary>
    private sealed class NameExclusions
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

            ReporterSurname = LastWord(email.From?.Name);
        }

        public string? ReporterSurname { get; }

        public void Add(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return;
            }

            var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
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

        private static string? LastWord(string? name) =>
            string.IsNullOrWhiteSpace(name) ? null : name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
    }

    /// <summary>Drops leading/trailing non-name words; null when nothing name-like is left or it's a titled (staff) name.</summary>
    private static string? CleanName(string text, BodyTextLike source, int start)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 0 && Titles.Contains(words[0]))
        {
            return null;
        }

        // A title just before the match also means staff: "Miss Turner posted" is not a parent.
        if (source.PrecededByTitle(start))
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

    /// <summary>Lets name cleaning look just before a match in either the body or the subject.</summary>
    private sealed class BodyTextLike(string text)
    {
        public string Text { get; } = text;

        public bool PrecededByTitle(int start)
        {
            var k = start - 1;
            while (k >= 0 && Text[k] is ' ' or '.')
            {
                k--;
            }

            var end = k + 1;
            while (k >= 0 && char.IsLetter(Text[k]))
            {
                k--;
            }

            return end > k + 1 && Titles.Contains(Text[(k + 1)..end]);
        }
    }

    private static List<string> FindStaff(BodyText body, string subject, ExtractionContext context, NameExclusions excluded, out FieldSource? source)
    {
        var found = new List<(int Order, string Name, string Key, string Where)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        void Consider(string name, string key, int order, string where)
        {
            if (seen.Add(key))
            {
                found.Add((order, name, key, where));
            }
        }

        foreach (var (text, offsetBase, isSubject) in new[] { (subject, -1_000_000, true), (body.Text, 0, false) })
        {
            foreach (Match m in TitledName().Matches(text))
            {
                var words = m.Groups["n"].Value.Split(' ').ToList();
                while (words.Count > 0 && NotNames.Contains(words[^1]))
                {
                    words.RemoveAt(words.Count - 1);
                }

                if (words.Count == 0 || NotNames.Contains(words[0]))
                {
                    continue;
                }

                // A parent signing "Mrs Okafor" is the reporter, not staff.
                if (excluded.ReporterSurname is { } rs && string.Equals(words[^1], rs, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var title = m.Groups["t"].Value;
                var name = title + " " + string.Join(' ', words);
                Consider(name, title + " " + words[^1], offsetBase + m.Index, isSubject ? "Subject line" : body.Describe(m.Index).Explanation);
            }

            foreach (var (role, person) in context.StaffRoles.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                var idx = IndexOfWord(text, role);
                if (idx >= 0)
                {
                    var key = person.Split(' ') is { Length: > 1 } p ? p[0] + " " + p[^1] : person;
                    Consider(person, key, offsetBase + idx, isSubject ? "Subject line" : body.Describe(idx).Explanation);
                }
            }

            foreach (var known in context.KnownStaff)
            {
                var idx = IndexOfWord(text, known);
                if (idx >= 0)
                {
                    Consider(known, known, offsetBase + idx, isSubject ? "Subject line" : body.Describe(idx).Explanation);
                }
            }
        }

        found.Sort((a, b) => a.Order.CompareTo(b.Order));
        source = found.Count == 0
            ? null
            : new FieldSource("Titles (Mr, Mrs, Miss, Ms, Dr, Mx) followed by a surname, school roles and known staff; first: " + found[0].Where);
        return [.. found.Select(f => f.Name)];
    }

    private static string? FindPoster(BodyText body, string subject, NameExclusions excluded, out FieldSource? source, out List<string> names)
    {
        source = null;
        names = [];
        var candidates = new List<(int Order, int Rank, List<string> Names, string Where)>();
        foreach (var (text, offsetBase, isSubject) in new[] { (subject, -1_000_000, true), (body.Text, 0, false) })
        {
            var like = new BodyTextLike(text);
            var rank = 0;
            foreach (var regex in new[] { PosterVerb(), PosterMessageFrom(), PosterPossessive(), PosterParenthetical() })
            {
                rank++;
                foreach (Match m in regex.Matches(text))
                {
                    var picked = new List<string>();
                    foreach (var g in new[] { m.Groups["n"], m.Groups["n2"] })
                    {
                        if (g.Success && CleanName(g.Value, like, g.Index) is { } name && !excluded.Excludes(name))
                        {
                            picked.Add(name);
                        }
                    }

                    // "Political posts in Year 1": a lone capitalised word opening a sentence,
                    // followed by a word that is also a noun, is not a person posting.
                    if (picked.Count == 1 && !picked[0].Contains(' ', StringComparison.Ordinal)
                        && m.Groups["v"].Value is "posts" or "comments" or "replies" or "shares" or "adds" or "put" or "sent"
                        && IsSentenceStart(text, m.Groups["n"].Index))
                    {
                        continue;
                    }

                    if (picked.Count > 0)
                    {
                        var where = isSubject ? "Subject line: '" + BodyText.Snippet(text) + "'" : body.Describe(m.Index).Explanation;
                        candidates.Add((offsetBase + m.Index, rank, picked, where));
                    }
                }
            }
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var best = candidates.OrderBy(c => c.Order).ThenBy(c => c.Rank).First();
        names = best.Names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        source = new FieldSource(best.Where);
        return string.Join(" and ", names);
    }

    private static List<string> FindChildren(BodyText body, NameExclusions excluded, ExtractionContext context, out FieldSource? source)
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

        var like = new BodyTextLike(body.Text);
        var hits = new List<(int Index, string Name)>();
        foreach (var regex in new[] { ChildOfParent(), ChildMy(), ChildInClass(), ChildCalled(), ChildPossessive() })
        {
            foreach (Match m in regex.Matches(body.Text))
            {
                foreach (var g in new[] { m.Groups["n"], m.Groups["n2"] })
                {
                    if (g.Success && CleanName(g.Value, like, g.Index) is { } name && !excluded.Excludes(name)
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

    // ---------------------------------------------------------------- group

    private sealed record GroupMention(string Base, string? ClassName, int Order, double Weight, string Where);

    private static readonly string[] NumberWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen"];

    private static string? FindGroup(BodyText body, string subject, ExtractionContext context, List<string> warnings, out FieldSource? source)
    {
        source = null;
        var mentions = new List<GroupMention>();
        var known = context.KnownGroups.Select(g => (Name: g, Parsed: ParseGroupName(g))).Where(k => k.Parsed is not null).ToList();

        foreach (var (text, isSubject) in new[] { (subject, true), (body.Text, false) })
        {
            foreach (var (baseName, cls, index, isCode) in GroupMentionsIn(text, known.Select(k => k.Parsed!.Value)))
            {
                var chatty = isSubject
                    ? ChatWords().IsMatch(text)
                    : ChatWords().IsMatch(body.SentenceAt(index).Text);
                var weight = (isCode ? 0.5 : 1.0) + (isSubject ? 3 : 0) + (chatty ? (isCode ? 0.5 : 2) : 0);
                var where = isSubject ? "Subject line: '" + BodyText.Snippet(text) + "'" : body.Describe(index).Explanation;
                mentions.Add(new GroupMention(baseName, cls, isSubject ? -1_000_000 + index : index, weight, where));
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
        var strongest = best.Mentions.OrderByDescending(m => m.Weight).ThenBy(m => m.Order).First();
        var explanation = strongest.Where;

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
        var m = GroupMentionsIn(name, []).FirstOrDefault();
        return m.Base is null ? null : (m.Base, m.ClassName);
    }

    private static IEnumerable<(string Base, string? ClassName, int Index, bool IsCode)> GroupMentionsIn(
        string text, IEnumerable<(string Base, string? ClassName)> known)
    {
        foreach (Match m in YearNumber().Matches(text))
        {
            var num = int.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture);
            if (num is >= 1 and <= 13)
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
            var baseName = m.Groups["base"].Value.StartsWith("Pre", StringComparison.OrdinalIgnoreCase) ? "Nursery" : m.Groups["base"].Value;
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

            var idx = IndexOfWord(text, cls);
            if (idx >= 0)
            {
                yield return (baseName, cls, idx, false);
            }
        }
    }

    private static string? ClassNameOf(Group g) =>
        g.Success && !NotNames.Contains(g.Value) ? g.Value : null;

    // ---------------------------------------------------------------- quote

    private static string? FindQuote(BodyText body, List<string> posterNames, out FieldSource? source)
    {
        source = null;
        var text = body.Text;
        var quotes = new List<(int Start, string Text)>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            char close;
            if (c == '"')
            {
                close = '"';
            }
            else if (c == '\u201C')
            {
                close = '\u201D';
            }
            else if (c == '\u2018' && (i == 0 || !char.IsLetter(text[i - 1])))
            {
                close = '\u2018'; // placeholder, handled below
            }
            else
            {
                continue;
            }

            var end = c == '\u2018' ? FindCurlySingleClose(text, i + 1) : IndexWithinParagraph(text, close, i + 1);
            if (end < 0)
            {
                continue;
            }

            var inner = TextSanitizer.CleanLine(text[(i + 1)..end], MaxQuoteChars);
            if (inner.Length >= 2 && inner.Any(char.IsLetter))
            {
                quotes.Add((i, inner));
            }

            i = end;
        }

        var posterWords = posterNames.SelectMany(n => n.Split(' ')).ToList();
        List<(int Start, string Text)> chosen = [];
        if (posterWords.Count > 0)
        {
            chosen = quotes.Where(q => posterWords.Any(w => IndexOfWord(body.SentenceAt(q.Start).Text, w) >= 0)).ToList();
        }

        if (chosen.Count == 0)
        {
            chosen = quotes.Where(q => PostingWords().IsMatch(OutsideQuotes(body.SentenceAt(q.Start).Text))).ToList();
        }

        if (chosen.Count > 0)
        {
            source = body.Describe(chosen[0].Start);
            var joined = string.Join(" … ", chosen.Select(q => q.Text.Trim().TrimEnd('.', ',', ';').Trim()).Distinct(StringComparer.Ordinal));
            return joined.Length > MaxQuoteChars ? joined[..MaxQuoteChars] + "…" : joined;
        }

        return FindQuotedBlock(body, out source);
    }

    /// <summary>A "&gt;"-quoted block right after a sentence about posting ("She wrote:").</summary>
    private static string? FindQuotedBlock(BodyText body, out FieldSource? source)
    {
        source = null;
        var lines = body.Text.Split('\n');
        var offset = 0;
        var previous = string.Empty;
        for (var k = 0; k < lines.Length; k++)
        {
            var line = lines[k];
            if (line.StartsWith('>') && (PostingWords().IsMatch(previous) || previous.EndsWith(':')))
            {
                var start = offset;
                var sb = new StringBuilder();
                while (k < lines.Length && lines[k].StartsWith('>') && sb.Length < MaxQuoteChars)
                {
                    sb.Append(lines[k].TrimStart('>', ' ')).Append(' ');
                    offset += lines[k].Length + 1;
                    k++;
                }

                var quote = TextSanitizer.CleanLine(sb.ToString(), MaxQuoteChars);
                if (quote.Length > 1)
                {
                    source = new FieldSource(string.Create(CultureInfo.InvariantCulture, $"Quoted block starting at body line {body.LineAt(start)}"));
                    return quote;
                }
            }

            previous = line;
            offset += line.Length + 1;
        }

        return null;
    }

    private static int IndexWithinParagraph(string text, char close, int from)
    {
        for (var j = from; j < text.Length && j - from < MaxQuoteChars * 2; j++)
        {
            if (text[j] == '\n')
            {
                return -1;
            }

            if (text[j] == close)
            {
                return j;
            }
        }

        return -1;
    }

    private static int FindCurlySingleClose(string text, int from)
    {
        for (var j = from; j < text.Length && j - from < 1000; j++)
        {
            if (text[j] == '\n')
            {
                return -1;
            }

            // The extractor straightens ’ to ', so a closing single quote is ' not followed by a letter.
            if (text[j] == '\'' && (j + 1 >= text.Length || !char.IsLetter(text[j + 1])))
            {
                return j;
            }
        }

        return -1;
    }

    private static string OutsideQuotes(string sentence)
    {
        var sb = new StringBuilder(sentence.Length);
        var inside = false;
        foreach (var c in sentence)
        {
            if (c is '"' or '\u201C' or '\u201D')
            {
                inside = c switch { '\u201C' => true, '\u201D' => false, _ => !inside };
                continue;
            }

            if (!inside)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    // ---------------------------------------------------------------- conduct and assessment

    private static List<ConductSuggestion> MatchCues(BodyText body, string subject, IReadOnlyList<ConductCue> cues, List<string> warnings)
    {
        var results = new List<(ConductSuggestion Suggestion, int CatalogueOrder)>();
        for (var c = 0; c < cues.Count; c++)
        {
            var cue = cues[c];
            var words = new List<string>();
            string? where = null;
            foreach (var phrase in cue.Phrases.Where(p => !string.IsNullOrWhiteSpace(p)))
            {
                var regex = CueRegex(phrase);
                try
                {
                    var inSubject = regex.Match(subject);
                    var inBody = inSubject.Success ? null : regex.Match(body.Text);
                    if (inSubject.Success || inBody!.Success)
                    {
                        words.Add(phrase.Trim());
                        where ??= inSubject.Success
                            ? "Subject line: '" + BodyText.Snippet(subject) + "'"
                            : body.Describe(inBody!.Index).Explanation;
                    }
                }
                catch (RegexMatchTimeoutException)
                {
                    warnings.Add("Some conduct cues could not be checked in time.");
                }
            }

            if (words.Count > 0)
            {
                var ws = string.Join(", ", words.Select(w => "'" + w + "'"));
                results.Add((new ConductSuggestion(cue.ConductId, words, new FieldSource($"Matched {ws}; first at {where}")), c));
            }
        }

        return [.. results.OrderByDescending(r => r.Suggestion.Words.Count).ThenBy(r => r.CatalogueOrder).Select(r => r.Suggestion)];
    }

    private static Regex CueRegex(string phrase)
    {
        var parts = phrase.Trim().Replace('\u2019', '\'').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape);
        var pattern = @"(?<![\p{L}\p{N}])" + string.Join(@"\s+", parts) + @"(?![\p{L}\p{N}])";
        return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, CueTimeout);
    }

    private static (bool IsLikely, double Score, List<string> Reasons) Assess(
        BodyText body, string subject, List<ConductSuggestion> suggestions, bool hasPoster, bool hasQuote)
    {
        var reasons = new List<string>();
        var score = 0.0;
        var chat = ChatWords().Match(subject);
        if (!chat.Success)
        {
            chat = ChatWords().Match(body.Text);
        }

        if (chat.Success)
        {
            score += 0.35;
            reasons.Add($"Mentions a group chat ('{chat.Value}').");
        }
        else
        {
            reasons.Add("Doesn't mention WhatsApp or a class group chat.");
        }

        if (suggestions.Count > 0)
        {
            score += 0.3 + Math.Min(0.1, 0.05 * (suggestions.Count - 1));
            reasons.Add("Words linked to the code of conduct: " + string.Join(", ", suggestions.Select(s => s.ConductId)) + ".");
        }

        var worry = WorryWords().Match(subject);
        if (!worry.Success)
        {
            worry = WorryWords().Match(body.Text);
        }

        if (worry.Success)
        {
            score += 0.2;
            reasons.Add($"Sounds worried ('{worry.Value}').");
        }

        if (hasPoster)
        {
            score += 0.1;
            reasons.Add("Names who posted.");
        }

        if (hasQuote)
        {
            score += 0.05;
            reasons.Add("Quotes what was posted.");
        }

        var isLikely = chat.Success && (suggestions.Count > 0 || worry.Success);
        return (isLikely, Math.Round(Math.Min(1.0, score), 2), reasons);
    }

    private static bool IsSentenceStart(string text, int index)
    {
        var k = index - 1;
        while (k >= 0 && text[k] is ' ' or '(' or '"' or '\u201C')
        {
            k--;
        }

        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or ':' or '-';
    }

    private static int IndexOfWord(string text, string word)
    {
        if (string.IsNullOrWhiteSpace(word))
        {
            return -1;
        }

        var from = 0;
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

    // ---------------------------------------------------------------- patterns (all with timeouts)

    [GeneratedRegex(@"\(?(?<n>" + N + @")(?:[ ]+(?:and|&)[ ]+(?<n2>" + N + @"))?\)?[ ]*(?:\([^()\n]{1,80}\)[ ]*|,[^,\n]{1,60},[ ]*)?" + Aux + PostVerb, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterVerb();

    [GeneratedRegex(@"\b(?:(?i:messages?|posts?|comments?|screenshots?|photos?|pictures?|videos?|links?|replies|reply|rant)[ ]+(?i:from|by)|(?i:sent|posted|shared|written|started|put[ ]up)[ ]+(?i:by))[ ]+(?<n>" + N + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterMessageFrom();

    [GeneratedRegex(@"(?<n>" + N + @")'s[ ]+(?:(?i:latest|recent|last|first|original|long)[ ]+)?(?i:messages?|posts?|comments?|reply|replies|rant|screenshots?|videos?|photos?|links?)\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterPossessive();

    [GeneratedRegex(@"\b(?i:parent|dad|mum|mother|father|carer|grandparent|person|lady|man|woman|member)[ ]*\((?<n>" + N + @")(?:[ ]+(?:and|&)[ ]+(?<n2>" + N + @"))?\)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterParenthetical();

    [GeneratedRegex(@"\b(?<t>Mr|Mrs|Miss|Ms|Mx|Dr)\.?[ ]+(?<n>" + N2 + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TitledName();

    [GeneratedRegex(@"\b(?i:dad|daddy|mum|mummy|mom|mother|father|parent|carer|guardian|grandma|grandmother|grandad|grandfather|granny|step-?mum|step-?dad)[ ]+(?i:of|to)[ ]+(?<n>" + W + @")(?:[ ]*(?:,|and|&)[ ]*(?<n2>" + W + "))?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildOfParent();

    [GeneratedRegex(@"\b(?i:my|our|his|her|their)[ ]+(?i:son|daughter|child|boy|girl|lad|little[ ]one|stepson|stepdaughter|twins?)[ ]*,?[ ]+(?<n>" + W + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildMy();

    [GeneratedRegex(@"(?<n>" + N2 + @")[ ]+(?:in|from)[ ]+(?:(?i:year)[ ]?\d|(?i:yr)[ ]?\d|Y\d|Reception|Nursery|(?i:class)[ ]+\d|\d{1,2}[A-Z]{1,2}\b)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildInClass();

    [GeneratedRegex(@"\b(?i:child|boy|girl|pupil|student|kid)[ ]+(?i:called|named)[ ]+(?<n>" + W + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildCalled();

    [GeneratedRegex(@"(?<n>" + W + @")'s[ ]+(?i:behaviour|behavior|birthday|party|teacher|class|reading|homework|work|progress|lunch|friends?|brother|sister|needs|diagnosis|allergy|allergies|report|results|seat|place|son|daughter)\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChildPossessive();

    [GeneratedRegex(@"\b(?:(?i:year|yr)[ ]?-?|(?i:y))(?<num>\d{1,2})(?!\d)(?:[ ]+(?<cls>" + W + "))?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex YearNumber();

    [GeneratedRegex(@"\b(?i:year)[ ]+(?<word>(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen))\b(?:[ ]+(?<cls>" + W + "))?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex YearWord();

    [GeneratedRegex(@"\b(?<base>Reception|Nursery|Pre-[Ss]chool|Preschool)\b(?:[ ]+(?<cls>" + W + "))?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EarlyYears();

    [GeneratedRegex(@"(?<![\p{L}\d])(?<num>1[0-3]|[1-9])(?<letters>[A-Z]{1,2})(?![\p{L}\d])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ClassCode();

    [GeneratedRegex(@"\b(?:whats[ ]?app|group[ ]+chat|class[ ]+chat|parents'?[ ]+chat|chat[ ]+group|group|WA)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChatWords();

    [GeneratedRegex(@"\b(?:inappropriate|upset|upsetting|concerned|concerning|worried|worrying|worry|uncomfortable|offensive|abusive|unacceptable|unfair|not[ ]fair|threat\w{0,8}|bull(?:y|ied|ying)|distress\w{0,4}|unkind|rude|nasty|hurtful|disrespectful|shocked|appalled|horrified|intimidat\w{0,6})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex WorryWords();

    [GeneratedRegex(@"\b(?:posted|posting|posts|wrote|writes|said|says|saying|shared|caption|captioned|message|messages|comment|comments|commented|replied|typed|put)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PostingWords();
}
