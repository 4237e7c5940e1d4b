using System.Net;
using System.Text;

namespace StaffConductAssistant.Email;

/// <summary>
/// Turns HTML into readable plain text without any HTML library. A single forward scan
/// (no regular expressions, no recursion) so malformed, deeply nested or very large
/// input costs linear time and constant stack.
/// </summary>
public static class HtmlText
{
    /// <summary>Default cap on the text produced, so one huge email cannot swamp a card or the database.</summary>
    public const int DefaultMaxChars = 500_000;

    // Everything inside these is never shown: code, styling, metadata, fallbacks.
    private static readonly HashSet<string> SkipContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "template", "noscript", "title", "iframe", "object", "svg", "math", "xml",
    };

    // Paragraph-like: separated by a blank line.
    private static readonly HashSet<string> ParagraphElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "ul", "ol", "dl", "figure", "form", "fieldset",
    };

    // Line-like: start on a new line but add no blank line (Outlook wraps every line in a <div>).
    private static readonly HashSet<string> LineElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "li", "tr", "tbody", "thead", "tfoot", "section", "article", "header", "footer", "address", "dt", "dd",
        "figcaption", "main", "nav", "aside", "center", "body", "html", "caption",
    };

    /// <summary>Converts HTML to plain text. Never throws on odd input; returns "" for null or empty.</summary>
    public static string ToPlainText(string? html, int maxChars = DefaultMaxChars)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        var output = new StringBuilder(Math.Min(html.Length, maxChars) + 16);
        var text = new StringBuilder();
        var preDepth = 0;
        string? linkHref = null;
        var linkTextStart = -1;
        var i = 0;
        var n = html.Length;

        while (i < n && output.Length < maxChars)
        {
            var c = html[i];
            if (c != '<')
            {
                text.Append(c);
                i++;
                continue;
            }

            // Comments: skip to "-->" (or the end when unterminated).
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                FlushText(text, output, preDepth > 0);
                var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? n : end + 3;
                continue;
            }

            // Doctype, CDATA, processing instructions.
            if (i + 1 < n && html[i + 1] is '!' or '?')
            {
                FlushText(text, output, preDepth > 0);
                var end = html.IndexOf('>', i + 2);
                i = end < 0 ? n : end + 1;
                continue;
            }

            var tag = ReadTag(html, i);
            if (tag is null)
            {
                // A lone "<" in text, e.g. "a < b".
                text.Append(c);
                i++;
                continue;
            }

            FlushText(text, output, preDepth > 0);
            var (name, closing, selfClosing, tagEnd, href) = tag.Value;
            i = tagEnd;

            if (!closing && !selfClosing && SkipContent.Contains(name))
            {
                var close = FindClosingTag(html, i, name);
                if (close >= 0)
                {
                    i = close;
                }
                else if (!name.Equals("head", StringComparison.OrdinalIgnoreCase))
                {
                    // Unterminated script/style: drop the rest rather than risk showing code.
                    i = n;
                }

                // An unterminated <head> is ignored so a sloppy email doesn't lose its whole body.
                continue;
            }

            if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                AppendNewline(output);
            }
            else if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
            {
                preDepth = Math.Max(0, preDepth + (closing ? -1 : 1));
                AppendNewline(output);
            }
            else if (ParagraphElements.Contains(name))
            {
                AppendNewline(output);
                AppendNewline(output);
            }
            else if (LineElements.Contains(name))
            {
                if (output.Length > 0 && output[^1] != '\n')
                {
                    AppendNewline(output);
                }

                if (!closing && name.Equals("li", StringComparison.OrdinalIgnoreCase))
                {
                    output.Append("- ");
                }
            }
            else if (name is "td" or "th" or "TD" or "TH")
            {
                AppendSpace(output);
            }
            else if (name.Equals("a", StringComparison.OrdinalIgnoreCase))
            {
                if (!closing)
                {
                    linkHref = SafeUrl(href);
                    linkTextStart = output.Length;
                }
                else
                {
                    AppendLinkTarget(output, linkHref, linkTextStart);
                    linkHref = null;
                    linkTextStart = -1;
                }
            }
            else if (name.Equals("img", StringComparison.OrdinalIgnoreCase))
            {
                // Images carry no words we can trust (alt text is often tracking junk): leave a gap.
                AppendSpace(output);
            }
        }

        FlushText(text, output, preDepth > 0);
        return Tidy(output.ToString(), maxChars);
    }

    private readonly record struct Tag(string Name, bool Closing, bool SelfClosing, int End, string? Href);

    /// <summary>Reads a tag starting at "&lt;"; null when this "&lt;" does not start a tag.</summary>
    private static Tag? ReadTag(string html, int start)
    {
        var n = html.Length;
        var j = start + 1;
        var closing = false;
        if (j < n && html[j] == '/')
        {
            closing = true;
            j++;
        }

        var nameStart = j;
        while (j < n && (char.IsAsciiLetterOrDigit(html[j]) || html[j] is '-' or ':' or '_'))
        {
            j++;
        }

        if (j == nameStart || !char.IsAsciiLetter(html[nameStart]))
        {
            return null;
        }

        var name = html[nameStart..j];
        string? href = null;
        var selfClosing = false;

        // Attributes: skip over them honouring quotes; only <a href> is kept (event handlers,
        // styles and everything else are simply never copied out).
        while (j < n && html[j] != '>')
        {
            var ch = html[j];
            if (ch is '"' or '\'')
            {
                var close = html.IndexOf(ch, j + 1);
                j = close < 0 ? n : close + 1;
                continue;
            }

            if (ch == '/' && j + 1 < n && html[j + 1] == '>')
            {
                selfClosing = true;
                j++;
                continue;
            }

            if (!closing && (ch is 'h' or 'H') && href is null && IsAttributeName(html, j, "href"))
            {
                var (value, after) = ReadAttributeValue(html, j + 4);
                href = value;
                j = Math.Max(after, j + 1);
                continue;
            }

            j++;
        }

        return new Tag(name, closing, selfClosing, Math.Min(n, j + 1), href);
    }

    private static bool IsAttributeName(string html, int j, string attr)
    {
        if (j + attr.Length > html.Length || string.Compare(html, j, attr, 0, attr.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        var before = html[j - 1];
        var after = j + attr.Length < html.Length ? html[j + attr.Length] : '>';
        return char.IsWhiteSpace(before) && (after == '=' || char.IsWhiteSpace(after));
    }

    private static (string? Value, int After) ReadAttributeValue(string html, int j)
    {
        var n = html.Length;
        while (j < n && char.IsWhiteSpace(html[j]))
        {
            j++;
        }

        if (j >= n || html[j] != '=')
        {
            return (null, j);
        }

        j++;
        while (j < n && char.IsWhiteSpace(html[j]))
        {
            j++;
        }

        if (j < n && html[j] is '"' or '\'')
        {
            var q = html[j];
            var close = html.IndexOf(q, j + 1);
            if (close < 0)
            {
                return (null, n);
            }

            return (html[(j + 1)..close], close + 1);
        }

        var s = j;
        while (j < n && !char.IsWhiteSpace(html[j]) && html[j] != '>')
        {
            j++;
        }

        return (html[s..j], j);
    }

    private static int FindClosingTag(string html, int from, string name)
    {
        var pos = from;
        while (pos < html.Length)
        {
            var lt = html.IndexOf("</", pos, StringComparison.Ordinal);
            if (lt < 0)
            {
                return -1;
            }

            if (lt + 2 + name.Length <= html.Length
                && string.Compare(html, lt + 2, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                var gt = html.IndexOf('>', lt);
                return gt < 0 ? html.Length : gt + 1;
            }

            pos = lt + 2;
        }

        return -1;
    }

    /// <summary>Only web and mail links are worth showing; javascript:, data: and the like are dropped.</summary>
    private static string? SafeUrl(string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        var decoded = WebUtility.HtmlDecode(href).Trim();
        if (decoded.Length > 2000)
        {
            return null;
        }

        return Uri.TryCreate(decoded, UriKind.Absolute, out var uri)
               && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri
            : null;
    }

    private static void AppendLinkTarget(StringBuilder output, string? href, int textStart)
    {
        if (href is null || textStart < 0 || textStart > output.Length)
        {
            return;
        }

        var linkText = output.ToString(textStart, output.Length - textStart).Trim();
        if (linkText.Length == 0 || href.Contains(linkText, StringComparison.OrdinalIgnoreCase) && linkText.Length >= href.Length - 10)
        {
            if (linkText.Length == 0)
            {
                output.Append(href);
            }

            return;
        }

        output.Append(" (").Append(href).Append(')');
    }

    private static void FlushText(StringBuilder text, StringBuilder output, bool preformatted)
    {
        if (text.Length == 0)
        {
            return;
        }

        var decoded = WebUtility.HtmlDecode(text.ToString());
        text.Clear();
        foreach (var ch in decoded)
        {
            if (!preformatted && (ch is ' ' or '\t' or '\r' or '\n' or '\f' or '\u00A0'))
            {
                AppendSpace(output);
            }
            else
            {
                output.Append(ch == '\u00A0' ? ' ' : ch);
            }
        }
    }

    private static void AppendSpace(StringBuilder output)
    {
        if (output.Length > 0 && output[^1] is not ' ' and not '\n')
        {
            output.Append(' ');
        }
    }

    private static void AppendNewline(StringBuilder output)
    {
        while (output.Length > 0 && output[^1] == ' ')
        {
            output.Length--;
        }

        if (output.Length > 0)
        {
            output.Append('\n');
        }
    }

    /// <summary>Trims each line, keeps at most one blank line in a row, strips controls, caps length.</summary>
    private static string Tidy(string raw, int maxChars)
    {
        var cleaned = TextSanitizer.Clean(raw, maxChars);
        var sb = new StringBuilder(cleaned.Length);
        var blankRun = 0;
        foreach (var rawLine in cleaned.Split('\n'))
        {
            var line = rawLine.Trim(' ');
            if (line.Length == 0)
            {
                blankRun++;
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(blankRun > 0 ? "\n\n" : "\n");
            }

            sb.Append(line);
            blankRun = 0;
        }

        return sb.ToString();
    }
}
