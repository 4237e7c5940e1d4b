using System.Net;
using Microsoft.Extensions.Options;
using StaffConductAssistant.BotFramework.Authentication;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.BotFramework;

public sealed class LocalModeTests
{
    private const string PlaygroundServiceUrl = "http://localhost:56150/_connector";

    [Fact]
    public async Task In_Development_without_an_AppId_a_token_less_loopback_request_reaches_the_handler_in_local_mode()
    {
        await using var bot = await BotTestHost.StartAsync(o => o.EnvironmentName = "Development");

        var response = await bot.PostAsync(TeamsActivities.Message(serviceUrl: PlaygroundServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BotCallerKind.LocalMode, Assert.Single(bot.Handled).Caller);
    }

    [Fact]
    public async Task In_local_mode_a_request_from_a_non_loopback_address_is_refused_with_401()
    {
        await using var bot = await BotTestHost.StartAsync(o =>
        {
            o.EnvironmentName = "Development";
            o.RemoteAddress = IPAddress.Parse("10.1.2.3");
        });

        var response = await bot.PostAsync(TeamsActivities.Message(serviceUrl: PlaygroundServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Handled);
    }

    [Fact]
    public async Task In_local_mode_an_IPv4_mapped_loopback_address_counts_as_loopback()
    {
        await using var bot = await BotTestHost.StartAsync(o =>
        {
            o.EnvironmentName = "Development";
            o.RemoteAddress = IPAddress.Parse("::ffff:127.0.0.1");
        });

        var response = await bot.PostAsync(TeamsActivities.Message(serviceUrl: PlaygroundServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_Development_a_missing_AppId_stops_the_app_at_start_naming_Bot_AppId(string environment)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            BotTestHost.StartAsync(o => o.EnvironmentName = environment));

        Assert.Contains("Bot:AppId", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metadata_URL_over_plain_http_to_a_remote_host_stops_the_app_at_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => BotTestHost.StartAsync(o =>
        {
            o.Settings["Bot:AppId"] = TestTokenIssuer.DefaultAppId;
            o.Settings["Bot:OpenIdMetadataUrl"] = "http://login.example.com/.well-known/openidconfiguration";
        }));

        Assert.Contains("Bot:OpenIdMetadataUrl", failure.Message, StringComparison.Ordinal);
    }
}
