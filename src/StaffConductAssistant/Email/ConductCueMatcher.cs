using System.Collections.Concurrent;

namespace StaffConductAssistant.Email;

/// <summary>Where one cue phrase was found: the conduct it suggests, the phrase, and its offset in the text searched.</summary>
public sealed record CueHit(string ConductId, string Phrase, int Index);

/// <summary>
/// The one matcher for the policy's conduct cues (the extractor and <c>PolicyCatalogue.SuggestConduct</c> both use it).
/// Built once per cue list and cached: no regex, just ordinal searches of a lower-cased copy of the text, with whole-word
/// checks where a cue begins or ends with a letter or digit, so "vote" does not fire on "devoted" nor "code" on "barcode".
/// Typographic apostrophes and quotes count as plain ones, and any run of spaces or line breaks as one space.
/// </summary>
public sealed class ConductCueMatcher
{
    private static readonly ConcurrentDictionary<string, ConductCueMatcher> Cache = new(StringComparer.Ordinal);

    private readonly (string ConductId, string Phrase, string Needle)[] _cues;

    private ConductCueMatcher(IReadOnlyList<ConductCue> cues)
    {
        _cues = [.. cues.SelectMany(c => c.Phrases
                .Where(p => !string.IsNullOrWhiteSpace(p))
                .SelectMany(p => Forms(Normalise(p.Trim()).Trim()).Select(f => (c.ConductId, p.Trim(), f))))
            .Where(c => c.Item3.Length > 0)];
    }

    /// <summary>
    /// The cue, the cue without apostrophes, and the other forms of its first word, so the catalogue need not list them
    /// all: "vote" also finds "votes" and "voting", "picks on my" also "pick on my". Only words of four letters or more
    /// ("sen" stays "sen").
    /// </summary>
    internal static IEnumerable<string> Forms(string cue)
    {
        yield return cue;
        if (cue.Contains('\'', StringComparison.Ordinal))
        {
            // Phones and hurried parents drop apostrophes: "cant be bothered", "shouldnt be teaching".
            yield return cue.Replace("'", string.Empty, StringComparison.Ordinal);
        }

        var space = cue.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? cue : cue[..space];
        var rest = space < 0 ? string.Empty : cue[space..];
        if (word.Length < 4 || !word.All(char.IsLetter))
        {
            yield break;
        }

        var forms = new List<string>();
        if (word.EndsWith('e'))
        {
            forms.AddRange([word + "s", word + "d", word[..^1] + "ing"]);
        }
        else if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5)
        {
            forms.AddRange([word[..^3], word[..^3] + "s", word[..^3] + "e", word[..^3] + "es"]);
        }
        else if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
        {
            forms.Add(word[..^1]);
        }
        else if (!word.EndsWith("ed", StringComparison.Ordinal))
        {
            forms.AddRange([word + "s", word + "ed", word + "ing"]);
        }

        foreach (var form in forms.Distinct(StringComparer.Ordinal))
        {
            yield return form + rest;
        }
    }

    /// <summary>The matcher for this cue list, built the first time it is asked for.</summary>
    public static ConductCueMatcher For(IReadOnlyList<ConductCue> cues)
    {
        ArgumentNullException.ThrowIfNull(cues);
        var key = string.Join('\u001f', cues.Select(c => c.ConductId + '\u001e' + string.Join('\u001d', c.Phrases)));
        if (Cache.Count > 64)
        {
            Cache.Clear(); // Only tests make more than a handful of cue lists; never let them pile up.
        }

        return Cache.GetOrAdd(key, _ => new ConductCueMatcher(cues));
    }

    /// <summary>Every cue found in <paramref name="text"/> (the first place each phrase occurs), in catalogue order.</summary>
    public IReadOnlyList<CueHit> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var haystack = Normalise(text);
        var hits = new List<CueHit>();
        foreach (var (id, phrase, needle) in _cues)
        {
            var at = IndexOfCue(haystack, needle);
            if (at >= 0)
            {
                hits.Add(new CueHit(id, phrase, at));
            }
        }

        return hits;
    }

    /// <summary>Every occurrence of every cue in <paramref name="text"/>.</summary>
    public IReadOnlyList<CueHit> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var haystack = Normalise(text);
        var hits = new List<CueHit>();
        foreach (var (id, phrase, needle) in _cues)
        {
            for (var at = IndexOfCue(haystack, needle); at >= 0; at = IndexOfCue(haystack, needle, at + 1))
            {
                hits.Add(new CueHit(id, phrase, at));
            }
        }

        return hits;
    }

    /// <summary>Same length as the input, so offsets found in it are offsets in the original text.</summary>
    private static string Normalise(string text) => string.Create(text.Length, text, static (span, t) =>
    {
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            span[i] = c switch
            {
                '\u2019' or '\u2018' or '\u02BC' => '\'',
                '\u201C' or '\u201D' => '"',
                '\n' or '\r' or '\t' or '\u00A0' => ' ',
                _ => char.ToLowerInvariant(c),
            };
        }
    });

    private static int IndexOfCue(string haystack, string needle, int from = 0)
    {
        for (var start = haystack.IndexOf(needle, from, StringComparison.Ordinal); start >= 0;
             start = haystack.IndexOf(needle, start + 1, StringComparison.Ordinal))
        {
            var end = start + needle.Length;
            var leftOk = !char.IsLetterOrDigit(needle[0]) || start == 0 || !char.IsLetterOrDigit(haystack[start - 1]);
            var rightOk = !char.IsLetterOrDigit(needle[^1]) || end == haystack.Length || !char.IsLetterOrDigit(haystack[end]);
            if (leftOk && rightOk)
            {
                return start;
            }
        }

        return -1;
    }
}
