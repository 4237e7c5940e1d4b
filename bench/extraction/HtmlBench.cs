using System.Diagnostics;
using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MimeKit;
using StaffConductAssistant.Email;

/// <summary>
/// Email/HtmlText (hand-written, one forward scan) against AngleSharp (a maintained HTML5 parser) turning hostile and
/// ordinary email HTML into text: median time of 3 runs, bytes allocated, and whether the two give the same text.
/// </summary>
internal static class HtmlBench
{
    private static readonly HashSet<string> Skip = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "template", "noscript", "title", "iframe", "object", "svg", "math", "xml" };
    private static readonly HashSet<string> Paragraph = new(StringComparer.OrdinalIgnoreCase) { "p", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "ul", "ol", "dl", "figure", "form", "fieldset" };
    private static readonly HashSet<string> Line = new(StringComparer.OrdinalIgnoreCase) { "div", "li", "tr", "tbody", "thead", "tfoot", "section", "article", "header", "footer", "address", "dt", "dd", "figcaption", "main", "nav", "aside", "center", "body", "html", "caption" };

    /// <summary>The same rules as HtmlText (paragraph and line elements, skipped content), over AngleSharp's DOM, without recursion.</summary>
    public static string AngleSharpText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var sb = new StringBuilder();
        var stack = new Stack<(INode Node, bool Closing)>();
        stack.Push((document.Body ?? (INode)document.DocumentElement, false));
        while (stack.Count > 0)
        {
            var (node, closing) = stack.Pop();
            if (node is IElement element)
            {
                var name = element.LocalName;
                if (Skip.Contains(name))
                {
                    continue;
                }

                if (name == "br")
                {
                    sb.Append('\n');
                    continue;
                }

                var breaks = Paragraph.Contains(name) ? "\n\n" : Line.Contains(name) ? "\n" : name is "td" or "th" ? " " : string.Empty;
                sb.Append(breaks);
                if (!closing)
                {
                    stack.Push((node, true));
                    for (var k = node.ChildNodes.Length - 1; k >= 0; k--)
                    {
                        stack.Push((node.ChildNodes[k], false));
                    }
                }
            }
            else if (node is IText text)
            {
                sb.Append(text.Data.Replace('\u00A0', ' '));
            }
        }

        return TextSanitizer.Clean(sb.ToString(), HtmlText.DefaultMaxChars);
    }

    public static void Run(string corpus)
    {
        var corpusHtml = Directory.GetFiles(Path.Combine(corpus, "emails"), "*.eml").Order(StringComparer.Ordinal)
            .Select(HtmlOf).Where(h => h is not null).Cast<string>().ToList();
        var cases = new List<(string Name, Func<string> Make)>
        {
            ($"{corpusHtml.Count} corpus HTML bodies (each)", () => string.Empty),
            ("5 MB Outlook-style email (nested tables, styles)", () => Repeat("<table><tr><td><div class=MsoNormal style='margin:0'><span style='font-family:Calibri'>Daniel Price posted in the Year 4 group &amp; said &ldquo;useless&rdquo;</span></div></td></tr></table>", 5_000_000)),
            ("20,000 unclosed <div> deep", () => Repeat("<div>", 100_000) + "deep text"),
            ("1 MB of '<a<a<a' (broken tags)", () => Repeat("<a<a", 1_000_000)),
            ("2 MB of entities (&amp;amp; &#x1F600; &bogus;)", () => Repeat("&amp;amp; &#x1F600; &bogus; &#99999999; ", 2_000_000)),
            ("unclosed comment then 2 MB", () => "<p>before</p><!--" + Repeat("x -- > ", 2_000_000)),
            ("script/style tricks (</scr ipt>, 1 MB style)", () => "<script>var a='</scr'+'ipt>';</script><style>" + Repeat("p{color:red}", 1_000_000) + "</style><p>visible</p>"),
        };

        Console.WriteLine("| Input | HtmlText time | HtmlText allocated | AngleSharp time | AngleSharp allocated | Same text? |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, make) in cases)
        {
            var inputs = name.Contains("corpus", StringComparison.Ordinal) ? corpusHtml : [make()];
            var (ht, ha, hOut) = Measure(inputs, h => HtmlText.ToPlainText(h));
            var (at, aa, aOut) = Measure(inputs, AngleSharpText);
            var same = hOut.Zip(aOut).Count(p => Squash(p.First) == Squash(p.Second));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {ht:0.0} ms | {ha / 1048576.0:0.0} MB | {at:0.0} ms | {aa / 1048576.0:0.0} MB | {same}/{inputs.Count} |"));
            if (same < inputs.Count)
            {
                var (h, a) = hOut.Zip(aOut).First(p => Squash(p.First) != Squash(p.Second));
                Console.WriteLine($"|   first difference | `{Clip(h)}` | | `{Clip(a)}` | | |");
            }
        }
    }

    private static string? HtmlOf(string file)
    {
        try
        {
            return MimeMessage.Load(file).HtmlBody;
        }
        catch (FormatException)
        {
            return null; // The corpus's garbage.
        }
    }

    private static (double Ms, long Bytes, List<string> Outputs) Measure(List<string> inputs, Func<string, string> convert)
    {
        var outputs = inputs.Select(convert).ToList(); // warm up, and the output to compare
        var times = new List<double>();
        long bytes = 0;
        for (var run = 0; run < 3; run++)
        {
            GC.Collect();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            foreach (var input in inputs)
            {
                convert(input);
            }

            times.Add(clock.Elapsed.TotalMilliseconds);
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        times.Sort();
        return (times[1], bytes, outputs);
    }

    private static string Repeat(string unit, int chars)
    {
        var sb = new StringBuilder(chars + unit.Length);
        while (sb.Length < chars)
        {
            sb.Append(unit);
        }

        return sb.ToString();
    }

    private static string Squash(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Clip(string s)
    {
        var t = Squash(s).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return t.Length > 80 ? t[..80] + "…" : t;
    }
}
