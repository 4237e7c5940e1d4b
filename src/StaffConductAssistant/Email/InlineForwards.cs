using System.Text;
using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email;

/// <summary>The header lines of one email pasted into another's body.</summary>
internal sealed record InlineHeaders(EmailPerson? From, DateTimeOffset? Date, string? Subject, string? RawDate, int FirstLine);

/// <summary>The result of splitting a body at its inline forward headers.</summary>
internal sealed record InlineSplit(IReadOnlyList<InlineHeaders> Blocks, string InnermostBody);

/// <summary>
/// Finds emails pasted into a body by Outlook ("-----Original Message-----" or a bare
/// "From: / Sent: / To: / Subject:" block), Gmail ("---------- Forwarded message ---------")
/// and Apple Mail ("Begin forwarded message:"). One pass over the lines, looking ahead a
/// bounded number of lines at each candidate, so a 200-deep chain costs linear time.
/// </summary>
internal static partial class InlineForwards
{
    private const int MaxHeaderLines = 16;

    public static InlineSplit Split(string text, TimeZoneInfo zone)
    {
        var lines = text.Split('\n');
        var blocks = new List<InlineHeaders>();
        var bodyStart = 0;
        var quoteDepth = 0;
        var i = 0;
        while (i < lines.Length)
        {
            var (line, depth) = Unquote(lines[i]);
            var isMarker = IsMarker(line);
            if (isMarker || line.StartsWith("From:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("*From:*", StringComparison.OrdinalIgnoreCase))
            {
                var start = isMarker ? i + 1 : i;
                if (TryReadHeaderBlock(lines, start, requireFullBlock: !isMarker, zone, out var headers, out var next))
                {
                    blocks.Add(headers with { FirstLine = i });
                    bodyStart = next;
                    quoteDepth = depth;
                    i = next;
                    continue;
                }
            }

            i++;
        }

        if (blocks.Count == 0)
        {
            return new InlineSplit(blocks, text);
        }

        var body = new StringBuilder();
        for (var k = bodyStart; k < lines.Length; k++)
        {
            body.Append(StripQuote(lines[k], quoteDepth)).Append('\n');
        }

        return new InlineSplit(blocks, body.ToString().Trim('\n', ' '));
    }

    private static bool IsMarker(string line)
    {
        if (line.Length is < 10 or > 120)
        {
            return false;
        }

        return OriginalMessageMarker().IsMatch(line)
               || line.Equals("Begin forwarded message:", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryReadHeaderBlock(string[] lines, int start, bool requireFullBlock, TimeZoneInfo zone, out InlineHeaders headers, out int next)
    {
        headers = new InlineHeaders(null, null, null, null, start);
        next = start;
        string? from = null, date = null, subject = null, to = null;
        var seen = 0;
        var j = start;
        var lastKey = string.Empty;
        var limit = Math.Min(lines.Length, start + MaxHeaderLines);
        while (j < limit)
        {
            var (line, _) = Unquote(lines[j]);
            if (line.Length == 0)
            {
                // Blank lines before the first header (Apple Mail) or between headers (HTML
                // paragraphs) are allowed; one after the headers ends the block.
                if (seen > 0 && !NextNonBlankIsHeader(lines, j + 1, limit))
                {
                    break;
                }

                j++;
                continue;
            }

            var m = HeaderLine().Match(line);
            if (!m.Success)
            {
                if (seen > 0 && lastKey is "to" or "cc" && line.Contains('@', StringComparison.Ordinal))
                {
                    j++; // A wrapped recipient list.
                    continue;
                }

                break;
            }

            var key = m.Groups["key"].Value.ToLowerInvariant();
            var value = m.Groups["value"].Value.Trim().Trim('*').Trim();
            switch (key)
            {
                case "from": from ??= value; break;
                case "sent" or "date": date ??= value; break;
                case "subject": subject ??= value; break;
                case "to": to ??= value; break;
            }

            lastKey = key;
            seen++;
            j++;
        }

        if (seen == 0 || (from is null && requireFullBlock))
        {
            return false;
        }

        // Without a marker line, insist on a real-looking block so a parent writing
        // "From: the Year 4 group" in their own words is not taken for a forward.
        if (requireFullBlock && (date is null || (subject is null && to is null)))
        {
            return false;
        }

        while (j < lines.Length && Unquote(lines[j]).Line.Length == 0)
        {
            j++;
        }

        headers = new InlineHeaders(
            from is null ? null : ParsePerson(from),
            date is null ? null : LooseDate.Parse(date, zone),
            subject is null ? null : TextSanitizer.CleanLine(subject),
            date,
            start);
        next = j;
        return true;
    }

    private static bool NextNonBlankIsHeader(string[] lines, int from, int limit)
    {
        for (var k = from; k < limit; k++)
        {
            var (line, _) = Unquote(lines[k]);
            if (line.Length > 0)
            {
                return HeaderLine().IsMatch(line);
            }
        }

        return false;
    }

    /// <summary>Parses "Name &lt;a@b&gt;", "Name [mailto:a@b]", "a@b" or a bare name.</summary>
    internal static EmailPerson? ParsePerson(string value)
    {
        var v = value.Replace("mailto:", string.Empty, StringComparison.OrdinalIgnoreCase).Trim();
        var emailMatch = EmailAddress().Match(v);
        var email = emailMatch.Success ? emailMatch.Value : string.Empty;
        string name;
        var lt = v.IndexOfAny(['<', '[', '(']);
        if (lt > 0)
        {
            name = v[..lt];
        }
        else if (email.Length > 0)
        {
            name = v.Replace(email, string.Empty, StringComparison.Ordinal);
        }
        else
        {
            name = v;
        }

        name = TextSanitizer.CleanLine(name.Trim().Trim('"', '\'', '*', ',', ';', '<', '>', '[', ']', ' '), 200);
        if (name.Length == 0 && email.Length == 0)
        {
            return null;
        }

        return new EmailPerson(name, email.ToLowerInvariant());
    }

    internal static (string Line, int Depth) Unquote(string raw)
    {
        var depth = 0;
        var k = 0;
        while (k < raw.Length && (raw[k] == '>' || raw[k] == ' ' || raw[k] == '\t' || raw[k] == '\r'))
        {
            if (raw[k] == '>')
            {
                depth++;
            }

            k++;
        }

        return (raw[k..].TrimEnd('\r', ' ', '\t'), depth);
    }

    private static string StripQuote(string raw, int depth)
    {
        var k = 0;
        var removed = 0;
        while (removed < depth && k < raw.Length && (raw[k] == '>' || raw[k] == ' '))
        {
            if (raw[k] == '>')
            {
                removed++;
            }

            k++;
        }

        if (removed > 0 && k < raw.Length && raw[k] == ' ')
        {
            k++;
        }

        return removed > 0 ? raw[k..] : raw;
    }

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Forwarded message|Forwarded Message|Message transféré|Ursprüngliche Nachricht)\s*-{2,}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex OriginalMessageMarker();

    [GeneratedRegex(@"^\*?(?<key>From|Sent|Date|To|Cc|Bcc|Subject|Reply-To|Importance|Attachments)\*?\s{0,4}:\*?\s{0,4}(?<value>.{0,2000})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"[A-Za-z0-9._%+'\-]{1,64}@[A-Za-z0-9\-]{1,63}(\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,24}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EmailAddress();
}
