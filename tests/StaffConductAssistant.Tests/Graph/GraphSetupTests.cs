using Microsoft.Extensions.Options;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Graph;

public sealed class GraphSetupTests
{
    private const string User = "8ea0e38b-efb3-4757-924a-5f94061cf8c2";
    private const string Slt = "5d2b1a4e-0c3f-4e9a-9b7d-1f2e3d4c5b6a";

    [Fact]
    public async Task TransitiveMembershipIsCheckedWithCheckMemberGroups()
    {
        await using var fake = await FakeGraph.StartAsync();
        fake.AddMembership(User, Slt);
        using var host = GraphTestHost.For(fake.BaseUrl);

        Assert.True(await host.Directory.IsTransitiveMemberAsync(User, Slt, default));
        Assert.False(await host.Directory.IsTransitiveMemberAsync(User, "another-group", default));

        var calls = fake.Requests.Where(r => r.Path == $"/users/{User}/checkMemberGroups").ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, r => Assert.Equal("POST", r.Method));
    }

    [Fact]
    public async Task MembershipCheckFailureIsNotMistakenForNo()
    {
        await using var fake = await FakeGraph.StartAsync();
        fake.Fail("/checkMemberGroups", 500);
        using var host = GraphTestHost.For(fake.BaseUrl);

        await Assert.ThrowsAsync<GraphUnavailableException>(() => host.Directory.IsTransitiveMemberAsync(User, Slt, default));
    }

    [Fact]
    public async Task MembershipCheckWithoutGraphThrowsUnavailable()
    {
        using var host = new GraphTestHost(new Dictionary<string, string?>());

        await Assert.ThrowsAsync<GraphUnavailableException>(() => host.Directory.IsTransitiveMemberAsync(User, Slt, default));
    }

    [Fact]
    public void RealGraphSettingsBuildAClientWithoutContactingAnything()
    {
        using var host = new GraphTestHost(new Dictionary<string, string?>
        {
            ["Graph:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["Graph:ClientId"] = "00000000-0000-0000-0000-000000000002",
            ["Graph:ClientSecret"] = "not-a-real-secret",
        });

        var client = host.Get<GraphClientHolder>().Client;

        Assert.NotNull(client);
        Assert.Equal(GraphOptions.DefaultBaseUrl, client.RequestAdapter.BaseUrl);
    }

    [Fact]
    public void LoopbackBaseUrlNeedsNoCredentials()
    {
        var options = new GraphOptions { BaseUrl = "http://127.0.0.1:5999/v1.0" };

        Assert.True(options.IsLoopback);
        Assert.True(options.IsConfigured);
        Assert.Equal("http://127.0.0.1:5999/v1.0", AppGraphClientFactory.TryCreate(options)!.RequestAdapter.BaseUrl);
    }

    [Fact]
    public void NothingConfiguredMeansNoClient()
    {
        var options = new GraphOptions();

        Assert.False(options.IsConfigured);
        Assert.Null(AppGraphClientFactory.TryCreate(options));
    }

    [Theory]
    [InlineData("http://graph.example.com/v1.0", null, null)]
    [InlineData("not a url", null, null)]
    [InlineData(GraphOptions.DefaultBaseUrl, "tenant-only", null)]
    public void InvalidSettingsFailValidation(string baseUrl, string? tenant, string? client)
    {
        using var host = new GraphTestHost(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = baseUrl,
            ["Graph:TenantId"] = tenant,
            ["Graph:ClientId"] = client,
        });

        Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<GraphOptions>>().Value);
    }

    [Fact]
    public void SharingUrlIsEncodedAsUnpaddedBase64Url()
    {
        // The URL from the Graph "shares-get" doc's C# example; expected value computed independently (Python base64, then the doc's steps).
        var encoded = GraphTeamsMessageReader.EncodeSharingUrl("https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1");

        Assert.Equal("u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS9yZWRpcj9yZXNpZD0xMjMxMjQ0MTkzOTEyITEyJmF1dGhLZXk9MTIwMTkxOSExMjkyMSEx", encoded);
    }

    [Theory]
    [InlineData("Fwd: Concern about Year 4", "Concern about Year 4.eml", true)]
    [InlineData("Concern about Year 4", "FW_ Concern about Year 4 (2).eml", true)]
    [InlineData("Concern about Year 4", "Lost PE kit.eml", false)]
    [InlineData(null, "anything.eml", false)]
    public void SubjectMatchingIgnoresPunctuationAndPrefixes(string? subject, string file, bool expected) =>
        Assert.Equal(expected, GraphTeamsMessageReader.SubjectInFileName(subject, file));
}
