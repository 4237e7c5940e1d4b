using System.Net;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Features;

/// <summary>The pages anyone may open: the policy cards link to, the manifest's privacy and terms links, the start page.</summary>
public sealed class PublicPagesTests : IDisposable
{
    private readonly AppHost app = new("Development");

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("/", "Staff Conduct Assistant")]
    [InlineData("/policy", "Code of Conduct")]
    [InlineData("/privacy", "Who sees it")]
    [InlineData("/terms", "safeguarding procedure")]
    public async Task Each_page_is_a_readable_HTML_page_with_the_apps_security_headers(string path, string text)
    {
        using var http = app.CreateHttpClient();

        var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.DoesNotContain("**", html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_page_has_every_word_of_the_policy_with_its_headings_and_lists()
    {
        using var http = app.CreateHttpClient();

        var html = WebUtility.HtmlDecode(await http.GetStringAsync("/policy"));

        Assert.Contains("<h2>Raising Concerns</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Send a cautionary notice to the parent;</li>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Policy and Code of Conduct for the acceptable use of Class/Year Parental WhatsApp Groups</strong>", html, StringComparison.Ordinal);
        Assert.Contains("The final decision for how to respond to breaches of the code of conduct rests with the Headmistress.", html, StringComparison.Ordinal);
    }
}
