using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email.Finders;

/// <summary>
/// Conduct the policy names, from its cue phrases found in the subject, the body and any WhatsApp chat attached, each with
/// the words that suggested it. Words that only name the medium ("screenshot") are not evidence that a member of
/// staff's message was shared: they count only when the same sentence is about staff or a private message, so a
/// parent's own screenshot of the chat is evidence, not "a teacher's private message".
/// </summary>
internal static partial class ConductFinder
{
    private static readonly HashSet<string> MediumWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "screenshot", "screenshots", "screen shot", "screengrab", "screen grab",
    };

    public static List<ConductSuggestion> Find(BodyText body, string subject, IReadOnlyList<ChatMessage> timeline, ConductCueMatcher matcher, IReadOnlyList<ConductCue> cues)
    {
        var byConduct = new Dictionary<string, (List<string> Words, string Where)>(StringComparer.Ordinal);

        void Add(CueHit hit, string where)
        {
            if (!byConduct.TryGetValue(hit.ConductId, out var entry))
            {
                byConduct[hit.ConductId] = entry = ([], where);
            }

            if (!entry.Words.Contains(hit.Phrase, StringComparer.OrdinalIgnoreCase))
            {
                entry.Words.Add(hit.Phrase);
            }
        }

        foreach (var hit in matcher.Find(subject))
        {
            if (!MediumWords.Contains(hit.Phrase) || AboutStaff(subject))
            {
                Add(hit, "Subject line: '" + BodyText.Snippet(subject) + "'");
            }
        }

        foreach (var hit in matcher.FindAll(body.Text))
        {
            if (!MediumWords.Contains(hit.Phrase) || AboutStaff(body.SentenceAt(hit.Index).Text))
            {
                Add(hit, body.Describe(hit.Index).Explanation);
            }
        }

        foreach (var message in timeline)
        {
            foreach (var hit in matcher.Find(message.Text))
            {
                if (!MediumWords.Contains(hit.Phrase))
                {
                    Add(hit, $"WhatsApp chat, {message.Source}");
                }
            }
        }

        var order = cues.Select((c, i) => (c.ConductId, i)).GroupBy(c => c.ConductId).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        return [.. byConduct
            .Select(kv => (Id: kv.Key, kv.Value.Words, kv.Value.Where))
            .OrderByDescending(c => c.Words.Count).ThenBy(c => order.GetValueOrDefault(c.Id))
            .Select(c => new ConductSuggestion(c.Id, c.Words, new FieldSource(
                $"Matched {string.Join(", ", c.Words.Select(w => "'" + w + "'"))}; first at {c.Where}")))];
    }

    /// <summary>True when a sentence ties a screenshot to staff: a titled name, a teacher, "your/you sent", a private message or an email.</summary>
    internal static bool AboutStaff(string sentence) => StaffContext().IsMatch(sentence);

    [GeneratedRegex(@"\b(?:Mr|Mrs|Miss|Ms|Mx|Dr)\.?[ ]+\p{Lu}|\b(?i:teacher'?s?|teaching[ ]assistant|staff|head(?:mistress|teacher)?|school'?s|your|you[ ]sent|private|personal|e-?mail|letter|dm|direct[ ]message)\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex StaffContext();
}
