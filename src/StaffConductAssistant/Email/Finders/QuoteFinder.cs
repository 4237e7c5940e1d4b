using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email.Finders;

/// <summary>
/// What was posted, as the reporter quoted it: the quotation marks in the poster's sentence (else in a sentence about
/// posting), or a "&gt;" block after "She wrote:". When the email quotes nothing, <see cref="FromTimeline"/> takes the
/// poster's own messages from the WhatsApp chat. Nothing is made up: no quote is better than a guess.
/// </summary>
internal static partial class QuoteFinder
{
    private const int MaxQuoteChars = 2_000;

    public static string? Find(BodyText body, List<string> posterNames, Func<int, bool> isChatLine, out FieldSource? source)
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

        quotes.RemoveAll(q => isChatLine(q.Start));
        var posterWords = posterNames.SelectMany(n => n.Split(' ')).ToList();
        List<(int Start, string Text)> chosen = [];
        if (posterWords.Count > 0)
        {
            chosen = quotes.Where(q => posterWords.Any(w => Names.IndexOfWord(body.SentenceAt(q.Start).Text, w) >= 0)).ToList();
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
            // "On Mon, 7 Dec 2026, Mrs Pell wrote:" introduces the earlier email of a reply chain, not what was posted.
            if (line.StartsWith('>') && (PostingWords().IsMatch(previous) || previous.EndsWith(':')) && !ReplyAttribution().IsMatch(previous))
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

    /// <summary>The poster's messages in the chat, from their first one the concern is about, joined with " … ".</summary>
    public static string? FromTimeline(IReadOnlyList<ChatMessage> timeline, ChatMessage first, out FieldSource? source)
    {
        var list = timeline.ToList();
        var start = list.IndexOf(first);

        // The run of messages the poster sent together, from its first: "Just so everyone knows…", "Keep your kids away…".
        while (start > 0 && string.Equals(list[start - 1].Author, first.Author, StringComparison.Ordinal))
        {
            start--;
        }

        var words = list.Skip(Math.Max(0, start))
            .Where(m => string.Equals(m.Author, first.Author, StringComparison.Ordinal) && !m.IsMedia)
            .Select(m => m.Text.Trim())
            .Where(t => t.Length > 0)
            .Take(5)
            .ToList();
        source = words.Count == 0 ? null : new FieldSource($"WhatsApp chat, {list[Math.Max(0, start)].Source}: {first.Author}'s messages");
        if (words.Count == 0)
        {
            return null;
        }

        var joined = string.Join(" … ", words);
        return joined.Length > MaxQuoteChars ? joined[..MaxQuoteChars] + "…" : joined;
    }

    [GeneratedRegex(@"\b(?:posted|posting|posts|wrote|writes|said|says|saying|shared|caption|captioned|message|messages|comment|comments|commented|replied|typed|put|called|claiming|claimed|words|included|told|telling|wrote|typed|put|posting)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PostingWords();

    [GeneratedRegex(@"^(?:On|Le|Am)[ ].{4,300}(?:wrote|a écrit|schrieb)[ ]?:$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ReplyAttribution();
}
