using System.Globalization;
using System.Text;

namespace StaffConductAssistant.AdaptiveCards;

/// <summary>Making untrusted text (emails, chat messages, anything a user typed) inert in card text.</summary>
public static class AdaptiveText
{
    // TextBlock.text and Fact.value accept a markdown subset (bold, italic, lists, [links](url))
    // and Teams renders it with a CommonMark-style processor, where a backslash before ASCII
    // punctuation makes it a literal character. These are the characters that start or close
    // markdown constructs: emphasis (* _ ~), links and images ([ ] ( ) !), headings (#), quotes (>),
    // code (`), tables (|), autolinks and inline HTML (< >), entities (&), and the
    // {{DATE(...)}}/{{TIME(...)}} text functions Adaptive Cards expand ({ }).
    private const string Specials = "\\*_[]()#>`~|<>&{}!";

    /// <summary>
    /// Escapes markdown and link syntax so that the text shows verbatim and nothing in it becomes a
    /// link, emphasis, list or heading; removes control and bidirectional-override characters
    /// (which could hide or reorder text). Line breaks are kept as "\n".
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var output = new StringBuilder(normalised.Length + 16);
        var lineStart = true;
        for (var i = 0; i < normalised.Length; i++)
        {
            var c = normalised[i];
            if (c == '\n')
            {
                output.Append('\n');
                lineStart = true;
                continue;
            }

            if (c == '\t')
            {
                c = ' ';
            }
            else if (IsInvisibleOrControl(c))
            {
                continue;
            }

            if (lineStart)
            {
                if (c == ' ')
                {
                    // Leading spaces would make an indented code block; they carry no meaning here.
                    continue;
                }

                lineStart = false;
                if (c is '-' or '+' or '=')
                {
                    // "- x", "+ x" are bullets; "---"/"===" under a line make a heading or rule.
                    output.Append('\\').Append(c);
                    continue;
                }

                if (char.IsAsciiDigit(c) && EscapeOrderedListMarker(normalised, ref i, output))
                {
                    continue;
                }
            }

            if (Specials.Contains(c, StringComparison.Ordinal))
            {
                output.Append('\\');
            }

            output.Append(c);

            // Break bare URLs ("https://...", "www.") so linkifiers do not turn them into links:
            // "\/" is an escaped slash and shows as "/".
            if (c == ':' && i + 2 < normalised.Length && normalised[i + 1] == '/' && normalised[i + 2] == '/')
            {
                output.Append("\\/\\/");
                i += 2;
            }
        }

        return output.ToString();
    }

    // "12. text" or "3) text" at the start of a line is an ordered list item: escape the "." or ")".
    private static bool EscapeOrderedListMarker(string text, ref int i, StringBuilder output)
    {
        var end = i;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (end < text.Length && text[end] is '.' or ')')
        {
            output.Append(text, i, end - i).Append('\\').Append(text[end]);
            i = end;
            return true;
        }

        return false;
    }

    private static bool IsInvisibleOrControl(char c) =>
        char.IsControl(c)
        || c is '\u200B' or '\u200E' or '\u200F' or '\u2028' or '\u2029' or '\uFEFF'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    /// <summary>Shortens text to at most <paramref name="maxLength"/> characters (before escaping), adding "…".</summary>
    public static string Truncate(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(text) || text.Length <= maxLength)
        {
            return text ?? string.Empty;
        }

        // Do not cut a surrogate pair or combining sequence in half.
        var cut = maxLength - 1;
        var elements = StringInfo.ParseCombiningCharacters(text);
        var boundary = elements.LastOrDefault(index => index <= cut);
        return string.Concat(text.AsSpan(0, boundary), "…");
    }
}
