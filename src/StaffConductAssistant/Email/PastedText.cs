using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email;

/// <summary>
/// Puts back the line breaks a chat client lost. Pasted into the Agents Playground (and some Teams clients), an
/// email arrives as one line: "…mail.example.com&gt;Sent: Monday, 16 November 2026 21:14To: …Subject: …groupDear Mrs
/// Jenkin,I am writing…". Without its breaks the forward headers are not found and names run on ("Miss TurnerDear").
/// Only text that is visibly run together is touched: a line holding two header labels, or a long text with no breaks.
/// </summary>
internal static partial class PastedText
{
    public static string Unjoin(string text)
    {
        var lines = text.Split('\n');
        var runTogether = lines.Any(l => AnyHeaderLabel().Count(l) >= 2) || (text.Length > 200 && lines.Length <= 2);
        if (!runTogether)
        {
            return text;
        }

        try
        {
            var t = Marker().Replace(text, "\n$0\n");
            t = HeaderLabel().Replace(t, "\n");
            t = AfterAddress().Replace(t, "\n");
            t = AfterTime().Replace(t, "\n");
            t = BeforeLineStartWord().Replace(t, "\n");
            t = AfterSignOff().Replace(t, "\n");
            return SentenceJoin().Replace(t, "\n");
        }
        catch (RegexMatchTimeoutException)
        {
            return text; // Hostile text: better read as it came than not at all.
        }
    }

    // "…+0000To: Mrs Jenkin", "…Okafor <h@example.com> Sent: Monday": a header label after other text on its line.
    [GeneratedRegex(@"(?=(?:From|Sent|Date|To|Cc|Subject):[ ])(?<=\S[ ]?)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex HeaderLabel();

    [GeneratedRegex(@"\b(?:From|Sent|Date|To|Cc|Subject):[ ]", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AnyHeaderLabel();

    [GeneratedRegex(@"-{2,}[ ]?(?:Original Message|Forwarded message|Forwarded Message)[ ]?-{2,}|Begin forwarded message:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Marker();

    // "<parent@example.org>I am writing": an address's closing bracket, then words.
    [GeneratedRegex(@"(?=[ ]?\p{Lu})(?<=@[^\s<>]{1,200}>)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AfterAddress();

    // "21:14I am uncomfortable", "9:40 PMDear": the time ends the Sent line.
    [GeneratedRegex(@"(?=\p{Lu}\p{Ll})(?<=\b\d{1,2}:\d{2}(?::\d{2})?(?:[ ]?[AaPp][Mm])?(?:[ ][+-]\d{4})?)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AfterTime();

    // "groupDear Mrs Jenkin", "TurnerKind regards": a word that starts a line, glued to the end of the previous one.
    [GeneratedRegex(@"(?<=\p{Ll}{2}|[,.!?;:)""\u201D])(?=(?:Dear|Hi|Hello|Hiya|Morning|Good[ ](?:morning|afternoon|evening)|Kind[ ]regards|Best[ ]wishes|Best|Many[ ]thanks|Thanks|Thank[ ]you|Regards|Yours|Sincerely|Cheers|Warm[ ]regards|Sent[ ]from)\b)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex BeforeLineStartWord();

    // "Kind regards,Hannah Okafor": the name after a sign-off is its own line.
    [GeneratedRegex(@"(?<=\b(?:regards|wishes|thanks|Thanks|Cheers|sincerely|faithfully|Love),)(?=\p{Lu})", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AfterSignOff();

    // "make it worse.The group": a sentence that ended where a line did.
    [GeneratedRegex(@"(?=\p{Lu}\p{Ll})(?<=\p{Ll}{2}[.!?][""\u201D]?)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SentenceJoin();
}
