using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email.Finders;

/// <summary>
/// The parent whose post is the concern, from the email's own words: "Liam Carver wrote", "a parent, Marcus Doyle,
/// has written", "a message from Toby Fenwick", "Stacey Molloy's posts", "a parent (Joanne Keogh)", "jade in the yr 5
/// mums chat keeps putting…". Never the reporter, a forwarder or a titled member of staff. The earliest mention wins
/// (the subject before the body). When the email names no one, <see cref="FromTimeline"/> reads the WhatsApp chat.
/// </summary>
internal static partial class PosterFinder
{
    private const string PostVerb = @"(?<v>posted|posts|posting|wrote|writes|writing|written|said|says|saying|shared|shares|sharing|sent|put|replied|replies|commented|comments|added|adds|messaged|messaging|uploaded|forwarded|typed|called|calling|claimed|claiming|selling|spreading|mocking|arguing|having[ ]a[ ]row|told|telling|started|starting|advertising|advertises|asking|screaming|shouting|swearing|spamming|accusing|accused|threatened|threatening|insulted|insulting|slagging|moaning|complaining|ranting|mocked|attacked|attacking|labelled|described|implied|suggested)\b";
    private const string Aux = @"(?<aux>(?:(?:who|has|have|had|then|just|also|keeps|kept|keep|been|again|was|were|is|are|later|now|even|apparently|actually|AGAIN)[ ]+){0,3})";

    public static string? Find(BodyText body, string subject, NameExclusions excluded, Func<int, bool> isChatLine, out FieldSource? source, out List<string> names)
    {
        source = null;
        names = [];
        var candidates = new List<(int Order, int Rank, List<string> Names, string Where)>();
        foreach (var (text, offsetBase, isSubject) in new[] { (subject, -1_000_000, true), (body.Text, 0, false) })
        {
            var rank = 0;
            foreach (var regex in new[] { PosterVerb(), PosterMessageFrom(), PosterPossessive(), PosterParenthetical(), PosterNickname(), PosterNamedAs() })
            {
                rank++;
                foreach (Match m in regex.Matches(text))
                {
                    if (!isSubject && isChatLine(m.Index))
                    {
                        continue; // A pasted chat line is the chat, not the parent saying who posted.
                    }

                    var picked = new List<string>();
                    if (m.Groups["alias"].Success && AliasName().Match(m.Groups["alias"].Value) is { Success: true } alias
                        && Names.Clean(alias.Value, text, -1) is { } full && !excluded.Excludes(full))
                    {
                        // "Big Dave (Dave Rooney, Alfie's dad) posted": the full name in brackets is the one to log.
                        picked.Add(full);
                    }
                    else
                    {
                        foreach (var g in new[] { m.Groups["n"], m.Groups["n2"] })
                        {
                            var value = rank == 5 && g.Success ? Nickname(g.Value) : g.Success ? g.Value : null;
                            if (value is not null && Names.Clean(value, text, g.Index) is { } name && !excluded.Excludes(name))
                            {
                                picked.Add(name);
                            }
                        }
                    }

                    // "Max was named", "Lisa was told": the passive names the one it was done to, not the poster
                    // (except "X has been added to the group": the non-parent added is the one the concern is about).
                    var verb = m.Groups["v"].Value.Split(' ')[0];
                    if (m.Groups["aux"].Success && !verb.EndsWith("ing", StringComparison.Ordinal) && verb != "added"
                        && m.Groups["aux"].Value.TrimEnd().Split(' ')[^1] is "was" or "were" or "been" or "is" or "are")
                    {
                        continue;
                    }

                    // "Political posts in Year 1": a lone capitalised word opening a sentence,
                    // followed by a word that is also a noun, is not a person posting.
                    if (picked.Count == 1 && !picked[0].Contains(' ', StringComparison.Ordinal)
                        && m.Groups["v"].Value is "posts" or "comments" or "replies" or "shares" or "adds" or "put" or "sent"
                        && Names.IsSentenceStart(text, m.Groups["n"].Index))
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

    /// <summary>
    /// The poster from a WhatsApp chat: the author the email named (by first name), or else the first author other
    /// than the reporter whose messages carry conduct cues, or else the first other author. Their messages are the quote.
    /// </summary>
    public static ChatMessage? FromTimeline(IReadOnlyList<ChatMessage> timeline, string? namedInEmail, NameExclusions excluded, ConductCueMatcher cues)
    {
        var candidates = timeline.Where(m => !m.IsMedia && !excluded.Excludes(m.Author) && !IsReporter(m.Author, excluded)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        if (namedInEmail is not null)
        {
            var first = namedInEmail.Split(' ')[0];
            return candidates.FirstOrDefault(m => string.Equals(m.Author, namedInEmail, StringComparison.OrdinalIgnoreCase))
                   ?? candidates.FirstOrDefault(m => string.Equals(m.Author.Split(' ')[0], first, StringComparison.OrdinalIgnoreCase));
        }

        return candidates.FirstOrDefault(m => cues.Find(m.Text).Count > 0 || ConcernAssessor.SoundsHostile(m.Text)) ?? candidates[0];
    }

    private static bool IsReporter(string author, NameExclusions excluded) =>
        excluded.ReporterName is { Length: > 0 } r
        && (string.Equals(author, r, StringComparison.OrdinalIgnoreCase) || Names.Clean(author, author, -1) is null);

    private static string Nickname(string word) =>
        Names.NotLowerNames.Contains(word) || Names.NotNames.Contains(word) ? string.Empty : Names.Capitalise(word);

    [GeneratedRegex(@"\(?(?<n>" + Names.N + @")(?:[ ]+(?:and|&)[ ]+(?<n2>" + Names.N + @"))?\)?[ ]*(?:\((?<alias>[^()\n]{1,80})\)[ ]*|,[^,\n]{1,60},[ ]*)?,?[ ]*" + Aux + PostVerb, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterVerb();

    [GeneratedRegex(@"\b(?:(?i:messages?|posts?|comments?|screenshots?|photos?|pictures?|videos?|links?|replies|reply|rant)[ ]+(?i:from|by)|(?i:sent|posted|shared|written|started|put[ ]up)[ ]+(?i:by)|(?i:it|this|that|the[ ]post|the[ ]message|the[ ]comment)[ ]+(?i:was|came)[ ]+(?i:from|by))[ ]+(?<n>" + Names.N + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterMessageFrom();

    [GeneratedRegex(@"(?<n>" + Names.N + @")(?:'s|')[ ]+(?:(?i:latest|recent|last|first|original|long)[ ]+)?(?i:messages?|posts?|comments?|reply|replies|rant|screenshots?|videos?|photos?|links?)\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterPossessive();

    [GeneratedRegex(@"\b(?i:parent|dad|mum|mother|father|carer|grandparent|person|lady|man|woman|member)[ ]*\((?<n>" + Names.N + @")(?:[ ]+(?:and|&)[ ]+(?<n2>" + Names.N + @"))?\)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterParenthetical();

    // "jade in the yr 5 mums chat keeps putting…", "tina in the reception whatsapp she keeps mocking…"
    [GeneratedRegex(@"(?<![\p{L}'])(?<n>\p{L}[\p{Ll}'-]{1,15})[ ]+in[ ]+the[ ]+(?:[\w']+[ ]+){0,4}?(?i:chat|group|grp|whatsapp|whats[ ]app|wa)\b(?:[ ,]+(?i:she's|shes|he's|hes|she|he|they've|they|theyre|they're))?[ ]+(?i:(?:keeps|has[ ]been|been|is|was|just|always|still|has|keep)[ ]+){0,2}(?<v>(?i:putting|posting|saying|writing|sharing|mocking|calling|slagging|sending|spreading|moaning|ranting|going[ ]on|posted|said|wrote|put|shared))\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterNickname();

    // "The parent concerned is Shelley Banks", "the mum responsible was Kim Oates".
    [GeneratedRegex(@"\b(?i:the)[ ]+(?i:parent|person|mum|mother|dad|father|lady|man|woman|culprit)[ ]+(?:(?i:concerned|responsible|involved|in[ ]question|who[ ]posted[ ]it|who[ ]posted[ ]this)[ ]+)?(?i:is|was)[ ]+(?<n>" + Names.N + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PosterNamedAs();

    [GeneratedRegex(@"^[ ]*" + Names.W + "[ ]" + Names.W + "(?:[ ]" + Names.W + ")?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AliasName();
}
