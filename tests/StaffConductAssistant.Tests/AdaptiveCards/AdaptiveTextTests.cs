using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.AdaptiveCards;

public class AdaptiveTextTests
{
    [Theory]
    [InlineData("plain words", "plain words")]
    [InlineData("*bold* _it_ ~s~", @"\*bold\* \_it\_ \~s\~")]
    [InlineData("[click](https://evil.example)", @"\[click\]\(https:\/\/evil.example\)")]
    [InlineData("see https://evil.example now", @"see https:\/\/evil.example now")]
    [InlineData("![img](x)", @"\!\[img\]\(x\)")]
    [InlineData("# Heading", @"\# Heading")]
    [InlineData("> quote", @"\> quote")]
    [InlineData("`code` a|b", @"\`code\` a\|b")]
    [InlineData("- item\n+ item\n1. one\n22) two", "\\- item\n\\+ item\n1\\. one\n22\\) two")]
    [InlineData("---", @"\---")]
    [InlineData("a - b 1. c", "a - b 1. c")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("<b>html</b> &amp;", @"\<b\>html\</b\> \&amp;")]
    [InlineData("{{DATE(2025-01-01T00:00:00Z)}}", @"\{\{DATE\(2025-01-01T00:00:00Z\)\}\}")]
    [InlineData("bell\u0007 nul\0 rtl\u202Egnp.exe", "bell nul rtlgnp.exe")]
    [InlineData("line1\r\nline2\rline3", "line1\nline2\nline3")]
    [InlineData("    indented", "indented")]
    [InlineData(null, "")]
    public void EscapesMarkdownLinksAndControls(string? input, string expected) =>
        Assert.Equal(expected, AdaptiveText.Escape(input));

    [Fact]
    public void TruncateKeepsSurrogatePairsWhole()
    {
        Assert.Equal("ab…", AdaptiveText.Truncate("abcdef", 3));
        Assert.Equal("short", AdaptiveText.Truncate("short", 10));
        Assert.Equal("a…", AdaptiveText.Truncate("a😀bc", 3));
    }

    [Fact]
    public async Task EscapedHostileTextStillMakesAValidCard()
    {
        var hostile = "*[x](javascript:alert(1))* {{TIME(2025-01-01T00:00:00Z)}}\n- \u202Eevil";
        await AdaptiveCardValidator.AssertValidAsync(new AdaptiveCard
        {
            Body = [new TextBlock { Text = AdaptiveText.Escape(hostile), Wrap = true }, new FactSet { Facts = [new Fact("From", AdaptiveText.Escape(hostile))] }],
        });
    }
}
