using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email;

/// <summary>One message of a WhatsApp chat as exported or pasted: when (the phone's wall-clock time), who, what.</summary>
/// <param name="Time">Local time as the export shows it (no zone: WhatsApp writes the phone's time).</param>
/// <param name="Source">Where it was read: "Body line 12" or "Attachment _chat.txt line 3".</param>
public sealed record ChatMessage(DateTime Time, string Author, string Text, string Source)
{
    /// <summary>"&lt;Media omitted&gt;", "image omitted" and the like: a placeholder, not words anyone wrote.</summary>
    public bool IsMedia => WhatsAppChat.IsMediaPlaceholder(Text);
}

/// <summary>
/// Reads WhatsApp chat exports: iOS lines "[dd/mm/yyyy, hh:mm:ss] Name: text" and Android lines
/// "dd/mm/yyyy, hh:mm - Name: text", pasted into an email or attached (a _chat.txt, or a .zip holding one).
/// Lines that do not start a message continue the previous one. System lines ("Messages and calls are
/// end-to-end encrypted") are dropped. Dates are read day first, as UK phones write them.
/// </summary>
public static partial class WhatsAppChat
{
    private const int MaxMessages = 5_000;
    private const int MaxMessageChars = 4_000;
    private const long MaxExportBytes = 8 * 1024 * 1024;

    /// <summary>The messages in <paramref name="text"/>, in order; empty when it holds no chat lines.</summary>
    public static IReadOnlyList<ChatMessage> Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<ChatMessage>();
        var lines = text.Split('\n');
        ChatMessage? current = null;
        var body = new StringBuilder();
        for (var k = 0; k < lines.Length && result.Count < MaxMessages; k++)
        {
            var line = lines[k].Trim().Trim('\u200e', '\u200f', '\ufeff').Trim();
            var m = Line().Match(line);
            if (m.Success && TryTime(m, out var time))
            {
                Flush();
                var author = m.Groups["author"].Value.Trim().Trim('\u200e', '~', ' ');
                var words = m.Groups["text"].Value.Trim().Trim('\u200e').Trim();
                current = IsSystem(words) ? null : new ChatMessage(time, author, string.Empty, string.Create(CultureInfo.InvariantCulture, $"{sourceName} line {k + 1}"));
                body.Clear().Append(words);
            }
            else if (m.Success || SystemLine().IsMatch(line))
            {
                Flush();
                current = null;
            }
            else if (current is not null && line.Length > 0 && body.Length < MaxMessageChars)
            {
                body.Append(' ').Append(line);
            }
            else if (current is not null && line.Length == 0)
            {
                // A blank line ends a pasted transcript: what follows is the parent's own words again.
                Flush();
                current = null;
            }
        }

        Flush();
        return result;

        void Flush()
        {
            if (current is not null)
            {
                result.Add(current with { Text = TextSanitizer.CleanLine(body.ToString(), MaxMessageChars) });
            }

            current = null;
        }
    }

    /// <summary>Chat messages from an attachment: a .txt export, or a .zip export holding _chat.txt (or another .txt).</summary>
    public static IReadOnlyList<ChatMessage> FromAttachment(EmailAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var name = attachment.Name;
        if (attachment.Size > MaxExportBytes * 4)
        {
            return [];
        }

        if (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || attachment.ContentType == "text/plain")
        {
            return Parse(DecodeUtf8(attachment.GetBytes()), "Attachment " + name);
        }

        if (!name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && attachment.ContentType is not ("application/zip" or "application/x-zip-compressed"))
        {
            return [];
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(attachment.GetBytes(), writable: false), ZipArchiveMode.Read);
            var entry = zip.Entries.FirstOrDefault(e => e.Name.Equals("_chat.txt", StringComparison.OrdinalIgnoreCase))
                        ?? zip.Entries.FirstOrDefault(e => e.Name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase));
            if (entry is null || entry.Length > MaxExportBytes)
            {
                return [];
            }

            // The declared length can lie (a zip bomb): read at most MaxExportBytes whatever it says.
            using var stream = entry.Open();
            using var bounded = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0 && bounded.Length < MaxExportBytes)
            {
                bounded.Write(buffer, 0, read);
            }

            return Parse(DecodeUtf8(bounded.ToArray()), $"Attachment {name} → {TextSanitizer.CleanLine(entry.Name, 200)}");
        }
        catch (InvalidDataException)
        {
            return [];
        }
    }

    internal static bool IsMediaPlaceholder(string text) => MediaPlaceholder().IsMatch(text);

    /// <summary>True when the line begins a chat message ("[19/11/2026, 21:04:33] Name: …" or "19/11/2026, 21:04 - Name: …").</summary>
    internal static bool StartsMessage(string line) => Line().IsMatch(line.Trim().Trim('\u200e', '\u200f', '\ufeff').Trim());

    private static string DecodeUtf8(byte[] bytes) => TextSanitizer.Clean(Encoding.UTF8.GetString(bytes));

    private static bool IsSystem(string words) =>
        words.Contains("end-to-end encrypted", StringComparison.OrdinalIgnoreCase)
        || words.Equals("This message was deleted", StringComparison.OrdinalIgnoreCase)
        || words.Equals("You deleted this message", StringComparison.OrdinalIgnoreCase);

    private static bool TryTime(Match m, out DateTime time)
    {
        time = default;
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["mo"].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        year = year < 100 ? 2000 + year : year;
        if (month > 12 && day <= 12)
        {
            (day, month) = (month, day); // A phone set to US order.
        }

        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var ampm = m.Groups["ampm"].Value.ToLowerInvariant();
        if (ampm.StartsWith('p') && hour < 12)
        {
            hour += 12;
        }
        else if (ampm.StartsWith('a') && hour == 12)
        {
            hour = 0;
        }

        var minute = int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture);
        var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    // iOS: [19/11/2026, 21:04:33] Name: text      Android: 19/11/2026, 21:04 - Name: text
    [GeneratedRegex(@"^(?:\[(?<d>\d{1,2})[/.](?<mo>\d{1,2})[/.](?<y>\d{2,4}),?[ ](?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2}))?(?:[ \u202f](?<ampm>[AaPp]\.?[Mm]\.?))?\][ ]|(?<d>\d{1,2})[/.](?<mo>\d{1,2})[/.](?<y>\d{2,4}),?[ ](?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2}))?(?:[ \u202f](?<ampm>[AaPp]\.?[Mm]\.?))?[ ][-–][ ])(?<author>[^:\n]{1,60}?):[ ](?<text>.*)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Line();

    // A dated line with no "Name:" (someone joined, left, changed the subject): ends the previous message.
    [GeneratedRegex(@"^\[?\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?[ ]\d{1,2}:\d{2}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SystemLine();

    [GeneratedRegex(@"^(?:[<\u2039]?(?:media|image|video|audio|sticker|gif|document|contact card)[ ]omitted[>\u203A]?|[<\u2039]attached:[^>]{0,200}[>\u203A]|.{0,120}\(file attached\))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MediaPlaceholder();
}
