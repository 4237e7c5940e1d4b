using System.Globalization;
using System.Text;

namespace StaffConductAssistant.Email;

/// <summary>A sentence of the body, with its span in <see cref="BodyText.Text"/>.</summary>
internal sealed record Sentence(int Start, int End, string Text);

/// <summary>
/// The body prepared for pattern matching. Hard-wrapped prose lines are joined so a phrase
/// split across lines still matches; short lines (signatures, sign-offs) stay separate so
/// "Gemma Lloyd" on one line and "Parent, 6L" on the next never run together. Every offset
/// maps back to a body line number for the "where it came from" explanations.
/// </summary>
internal sealed class BodyText
{
    private const int WrapJoinMinLength = 40;
    private readonly List<(int Offset, int Line)> _lineStarts = [];

    public BodyText(string body, int maxChars)
    {
        var sb = new StringBuilder(Math.Min(body.Length, maxChars) + 8);
        var lines = body.Split('\n');
        var previousLength = 0;
        for (var k = 0; k < lines.Length && sb.Length < maxChars; k++)
        {
            var line = lines[k].Trim();
            if (line.Length == 0)
            {
                if (sb.Length > 0 && sb[^1] != '\n')
                {
                    sb.Append('\n');
                }

                previousLength = 0;
                continue;
            }

            if (sb.Length > 0 && sb[^1] != '\n')
            {
                // A pasted WhatsApp line is its own message, however long the one before it.
                var joinWithPrevious = previousLength >= WrapJoinMinLength && !line.StartsWith('>') && !WhatsAppChat.StartsMessage(line);
                sb.Append(joinWithPrevious ? ' ' : '\n');
            }

            _lineStarts.Add((sb.Length, k + 1));
            sb.Append(line);
            previousLength = line.Length;
        }

        // Curly apostrophes become straight ones (same length) so cues like "can't" match either.
        Text = sb.ToString().Replace('\u2019', '\'');
        Sentences = SplitSentences(Text);
    }

    public string Text { get; }

    /// <summary>True when the offset lies on a pasted WhatsApp chat line.</summary>
    public bool IsChatLineAt(int offset)
    {
        if (offset < 0 || offset >= Text.Length)
        {
            return false;
        }

        var start = Text.LastIndexOf('\n', offset) + 1;
        var end = Text.IndexOf('\n', offset);
        return WhatsAppChat.StartsMessage(Text[start..(end < 0 ? Text.Length : end)]);
    }

    public IReadOnlyList<Sentence> Sentences { get; }

    public int LineAt(int offset)
    {
        var lo = 0;
        var hi = _lineStarts.Count - 1;
        var line = 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (_lineStarts[mid].Offset <= offset)
            {
                line = _lineStarts[mid].Line;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return line;
    }

    public Sentence SentenceAt(int offset)
    {
        var lo = 0;
        var hi = Sentences.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var s = Sentences[mid];
            if (offset < s.Start)
            {
                hi = mid - 1;
            }
            else if (offset >= s.End)
            {
                lo = mid + 1;
            }
            else
            {
                return s;
            }
        }

        return new Sentence(offset, offset, string.Empty);
    }

    /// <summary>"Body line 3: '…the sentence…'" for the sentence holding <paramref name="offset"/>.</summary>
    public FieldSource Describe(int offset) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Body line {LineAt(offset)}: '{Snippet(SentenceAt(offset).Text)}'"));

    internal static string Snippet(string text, int max = 160)
    {
        var t = TextSanitizer.CleanLine(text, 10_000);
        return t.Length <= max ? t : t[..max].TrimEnd() + "…";
    }

    /// <summary>
    /// Splits at line breaks and at ". ", "! ", "? " outside quotation marks, skipping titles
    /// and initials ("Mr. Hughes", "J. Evans") so they don't cut a sentence short.
    /// </summary>
    private static List<Sentence> SplitSentences(string text)
    {
        var result = new List<Sentence>();
        var start = 0;
        var inStraightQuote = false;
        var curlyDepth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                Add(result, text, start, i);
                start = i + 1;
                inStraightQuote = false;
                curlyDepth = 0;
                continue;
            }

            if (c == '"' || (c == '\u201D' && curlyDepth > 0))
            {
                var closing = c == '\u201D' || inStraightQuote;
                if (c == '"')
                {
                    inStraightQuote = !inStraightQuote;
                }
                else
                {
                    curlyDepth--;
                }

                // 'He wrote "… sort him out." Another parent…': the quote ended the sentence.
                if (closing && !inStraightQuote && curlyDepth == 0 && i > 0 && text[i - 1] is '.' or '!' or '?'
                    && i + 1 < text.Length && text[i + 1] == ' ')
                {
                    Add(result, text, start, i + 1);
                    start = i + 1;
                }
            }
            else if (c == '\u201C')
            {
                curlyDepth++;
            }
            else if (c is '.' or '!' or '?' && !inStraightQuote && curlyDepth == 0
                     && i + 1 < text.Length && text[i + 1] == ' ' && !IsAbbreviationBefore(text, i))
            {
                Add(result, text, start, i + 1);
                start = i + 1;
            }
        }

        Add(result, text, start, text.Length);
        return result;
    }

    private static void Add(List<Sentence> result, string text, int start, int end)
    {
        while (start < end && text[start] == ' ')
        {
            start++;
        }

        if (end > start)
        {
            result.Add(new Sentence(start, end, text[start..end]));
        }
    }

    private static bool IsAbbreviationBefore(string text, int dot)
    {
        var k = dot - 1;
        while (k >= 0 && char.IsLetter(text[k]))
        {
            k--;
        }

        var word = text[(k + 1)..dot];
        return word.Length == 1 && char.IsUpper(word[0])
               || word is "Mr" or "Mrs" or "Ms" or "Mx" or "Dr" or "St" or "eg" or "ie" or "etc" or "approx" or "no" or "No";
    }
}
