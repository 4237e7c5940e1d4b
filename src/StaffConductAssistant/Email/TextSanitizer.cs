using System.Text;

namespace StaffConductAssistant.Email;

/// <summary>
/// Makes text taken from an email safe to show and store: no control characters, no
/// invisible direction overrides (they can disguise names), and nothing that a careless
/// renderer would take for an HTML tag. Cards escape again at build time; this is the
/// second line of defence.
/// </summary>
public static class TextSanitizer
{
    // U+0080–U+009F in decoded text nearly always means windows-1252 bytes labelled as
    // iso-8859-1 (smart quotes, dashes, €). Map them back instead of dropping them.
    private static readonly string C1AsWindows1252 = BuildC1Map();

    private static string BuildC1Map()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = new byte[32];
        for (var i = 0; i < 32; i++)
        {
            bytes[i] = (byte)(0x80 + i);
        }

        return Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\0")).GetString(bytes);
    }

    /// <summary>Cleans multi-line text: keeps newlines, turns tabs into spaces, drops other controls.</summary>
    public static string Clean(string? text, int maxChars = int.MaxValue)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(Math.Min(text.Length, maxChars));
        for (var i = 0; i < text.Length && sb.Length < maxChars; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                // CRLF and lone CR both become a single newline.
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }

                sb.Append('\n');
            }
            else if (c == '\n')
            {
                sb.Append('\n');
            }
            else if (c == '\t' || c == '\u00A0' || c == '\u2028' || c == '\u2029' || c == '\f' || c == '\v')
            {
                sb.Append(c is '\u2028' or '\u2029' ? '\n' : ' ');
            }
            else if (c >= '\u0080' && c <= '\u009F')
            {
                var mapped = C1AsWindows1252[c - 0x80];
                if (mapped != '\0')
                {
                    sb.Append(mapped);
                }
            }
            else if (char.IsControl(c) || IsInvisibleFormatting(c))
            {
                // Dropped: C0/C1 controls, bidi overrides, BOM.
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb.Append(c).Append(text[i + 1]);
                    i++;
                }
            }
            else if (char.IsLowSurrogate(c))
            {
                // A lone low surrogate is not text.
            }
            else if (c == '<' && LooksLikeTagStart(text, i))
            {
                // A real tag survived (e.g. the sender typed "&lt;script&gt;"): show a look-alike
                // angle bracket so no renderer can ever treat it as markup.
                sb.Append('\u2039');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Cleans a single-line value (a name, a subject): newlines become spaces and runs of spaces collapse.</summary>
    public static string CleanLine(string? text, int maxChars = 1000)
    {
        var cleaned = Clean(text, maxChars * 2);
        var sb = new StringBuilder(cleaned.Length);
        var lastWasSpace = true;
        foreach (var c in cleaned)
        {
            var ch = c == '\n' ? ' ' : c;
            if (ch == ' ')
            {
                if (!lastWasSpace)
                {
                    sb.Append(' ');
                }

                lastWasSpace = true;
            }
            else
            {
                sb.Append(ch);
                lastWasSpace = false;
            }
        }

        var result = sb.ToString().Trim();
        return result.Length > maxChars ? result[..maxChars].TrimEnd() + "…" : result;
    }

    private static bool IsInvisibleFormatting(char c) =>
        c is '\uFEFF' or '\u200B' or '\u200E' or '\u200F' or '\u061C'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');

    /// <summary>
    /// "&lt;b&gt;", "&lt;/p&gt;", "&lt;!--" and "&lt;?xml" look like markup; "&lt;tom@example.com&gt;" and "a &lt; b" do not.
    /// </summary>
    internal static bool LooksLikeTagStart(string text, int i)
    {
        var j = i + 1;
        if (j >= text.Length)
        {
            return false;
        }

        if (text[j] is '!' or '?')
        {
            return true;
        }

        if (text[j] == '/')
        {
            j++;
        }

        var nameStart = j;
        while (j < text.Length && j - nameStart < 32 && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '-'))
        {
            j++;
        }

        if (j == nameStart || !char.IsAsciiLetter(text[nameStart]))
        {
            return false;
        }

        return j >= text.Length || text[j] is '>' or '/' or ' ' or '\t' or '\n' or '\r';
    }
}
