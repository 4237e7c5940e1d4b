using System.Diagnostics;
using System.Text;
using StaffConductAssistant.Email;

namespace StaffConductAssistant.Tests.Email;

public class HtmlTextTests
{
    [Fact]
    public void Script_style_comments_and_event_handlers_are_dropped()
    {
        var text = HtmlText.ToPlainText("""
            <html><head><title>t</title><style>.x{}</style></head><body>
            <!-- secret --><script type="text/javascript">steal()</script>
            <p onclick="steal()" style="color:red">Visible</p><template><b>hidden</b></template><noscript>ns</noscript>
            </body></html>
            """);
        Assert.Equal("Visible", text);
    }

    [Fact]
    public void Javascript_links_keep_their_text_but_lose_the_url()
    {
        var text = HtmlText.ToPlainText("""<p><a href="javascript:alert(1)">Click me</a> and <a href='https://candles.example.com/shop'>candles</a></p>""");
        Assert.Equal("Click me and candles (https://candles.example.com/shop)", text);
        Assert.DoesNotContain("javascript", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Entities_are_decoded_and_blocks_become_lines()
    {
        var text = HtmlText.ToPlainText("<div>Tom &amp; Jerry&nbsp;&#8217;s</div><ul><li>one</li><li>two</li></ul>a<br/>b   c");
        Assert.Equal("Tom & Jerry ’s\n\n- one\n- two\n\na\nb c", text);
    }

    [Fact]
    public void Decoded_markup_is_neutralised_so_no_tag_survives()
    {
        var text = HtmlText.ToPlainText("<p>&lt;script&gt;alert(1)&lt;/script&gt; and a &lt; b</p>");
        Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
        Assert.DoesNotContain("</script", text, StringComparison.Ordinal);
        Assert.Contains("a < b", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_html_does_not_throw_or_lose_the_text()
    {
        Assert.Equal("Hello world", HtmlText.ToPlainText("<p>Hello <b>world"));
        Assert.Equal("a", HtmlText.ToPlainText("a<script>never closed"));
        Assert.Equal("x", HtmlText.ToPlainText("<head>x"));
        Assert.Equal("< not a tag", HtmlText.ToPlainText("< not a tag"));
        Assert.Equal(string.Empty, HtmlText.ToPlainText("<div title=\"unterminated"));
        Assert.Equal(string.Empty, HtmlText.ToPlainText(null));
    }

    [Fact]
    public void Deeply_nested_and_ten_megabyte_html_is_converted_in_linear_time()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            deep.Append("<div><span>");
        }

        deep.Append("core");
        Assert.Equal("core", HtmlText.ToPlainText(deep.ToString()));

        var big = new StringBuilder();
        while (big.Length < 10 * 1024 * 1024)
        {
            big.Append("<p class=\"x\" onclick='y'>Some words &amp; more <b>bold</b> text</p><!-- c --><<<>>\"\n");
        }

        var watch = Stopwatch.StartNew();
        var text = HtmlText.ToPlainText(big.ToString(), maxChars: 20_000_000);
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
        Assert.StartsWith("Some words & more bold text", text, StringComparison.Ordinal);
        Assert.True(HtmlText.ToPlainText(big.ToString()).Length <= HtmlText.DefaultMaxChars);
    }
}
