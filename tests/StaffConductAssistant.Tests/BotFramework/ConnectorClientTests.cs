using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.BotFramework;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string ConversationId = "19:abc@thread.tacv2;messageid=1700000000001";
    private const string EscapedConversationId = "19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000001";

    private FakeConnector _connector = null!;
    private readonly FakeTokenCredential _credential = new();

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task Sending_posts_the_activity_to_the_conversation_with_the_bot_token()
    {
        using var host = BuildHost();
        var client = host.Services.GetRequiredService<IConnectorClient>();

        var result = await client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, Activity.CreateMessage("Logged."));

        Assert.Equal("activity-1", result.Id);
        var request = Assert.Single(_connector.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/teams/v3/conversations/{EscapedConversationId}/activities", request.Path);
        Assert.Equal("Bearer " + FakeTokenCredential.DefaultToken, request.Header("Authorization"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("message", (string?)request.Json!["type"]);
        Assert.Equal("Logged.", (string?)request.Json!["text"]);
        Assert.False(request.Json!.AsObject().ContainsKey("attachments"));
        Assert.Equal("https://api.botframework.com/.default", Assert.Single(Assert.Single(_credential.Scopes)));
    }

    [Fact]
    public async Task Replying_posts_to_the_activity_being_replied_to()
    {
        using var host = BuildHost();

        await host.Services.GetRequiredService<IConnectorClient>().ReplyToActivityAsync(_connector.ServiceUrl, ConversationId, "1700000000001", Activity.CreateMessage("ok"));

        var request = Assert.Single(_connector.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/teams/v3/conversations/{EscapedConversationId}/activities/1700000000001", request.Path);
    }

    [Fact]
    public async Task Updating_puts_the_full_activity_in_place_of_the_old_one()
    {
        using var host = BuildHost();
        var card = Activity.CreateMessage(attachments: [Attachment.AdaptiveCard(new { type = "AdaptiveCard", version = "1.5" })]);

        await host.Services.GetRequiredService<IConnectorClient>().UpdateActivityAsync(_connector.ServiceUrl, "a:personal-1", "card-1", card);

        var request = Assert.Single(_connector.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/teams/v3/conversations/a%3Apersonal-1/activities/card-1", request.Path);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)request.Json!["attachments"]![0]!["contentType"]);
        Assert.Equal("1.5", (string?)request.Json!["attachments"]![0]!["content"]!["version"]);
    }

    [Fact]
    public async Task Creating_a_personal_conversation_sends_bot_member_and_tenant_and_reads_the_new_id()
    {
        using var host = BuildHost();
        _connector.Then(new FakeResponse(201, """{"id":"a:new-chat","activityId":"1","serviceUrl":"https://smba.trafficmanager.net/emea/"}"""));

        var result = await host.Services.GetRequiredService<IConnectorClient>().CreateConversationAsync(_connector.ServiceUrl,
            ConversationParameters.ForPersonalChat("28:bot", "00000000-0000-0000-0000-0000000000a1", TeamsActivities.TenantId));

        Assert.Equal("a:new-chat", result.Id);
        Assert.Equal("1", result.ActivityId);
        Assert.Equal("https://smba.trafficmanager.net/emea/", result.ServiceUrl);
        var request = Assert.Single(_connector.Requests);
        Assert.Equal("/teams/v3/conversations", request.Path);
        var body = request.Json!;
        Assert.Equal("28:bot", (string?)body["bot"]!["id"]);
        Assert.Equal("00000000-0000-0000-0000-0000000000a1", (string?)body["members"]![0]!["id"]);
        Assert.Equal(TeamsActivities.TenantId, (string?)body["channelData"]!["tenant"]!["id"]);
        Assert.Equal(TeamsActivities.TenantId, (string?)body["tenantId"]);
        Assert.False((bool)body["isGroup"]!);
    }

    [Fact]
    public async Task Getting_a_member_reads_the_object_id_and_keeps_email_and_UPN()
    {
        using var host = BuildHost();
        _connector.Then(new FakeResponse(200, """
            {"id":"29:user-1","name":"A Teacher","aadObjectId":"oid-1","email":"a.teacher@school.example","userPrincipalName":"a.teacher@school.example","tenantId":"t"}
            """));

        var member = await host.Services.GetRequiredService<IConnectorClient>().GetMemberAsync(_connector.ServiceUrl, "a:personal-1", "29:user-1");

        Assert.Equal("oid-1", member.AadObjectId);
        Assert.Equal("a.teacher@school.example", member.GetAdditionalString("userPrincipalName"));
        Assert.Equal("a.teacher@school.example", member.GetAdditionalString("email"));
        var request = Assert.Single(_connector.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/teams/v3/conversations/a%3Apersonal-1/members/29%3Auser-1", request.Path);
    }

    [Fact]
    public async Task A_202_without_a_body_is_accepted_as_success_without_an_id()
    {
        using var host = BuildHost();
        _connector.Then(new FakeResponse(202));

        var result = await host.Services.GetRequiredService<IConnectorClient>().SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("x"));

        Assert.Null(result.Id);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_delay()
    {
        using var host = BuildHost();
        _connector.Then(new FakeResponse(429, """{"error":{"code":"Throttled","message":"slow down"}}""", RetryAfterSeconds: 1));
        var clock = Stopwatch.StartNew();

        var result = await host.Services.GetRequiredService<IConnectorClient>().SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("x"));

        Assert.Equal("activity-1", result.Id);
        Assert.Equal(2, _connector.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}");
        Assert.Equal(_connector.Requests[0].Body, _connector.Requests[1].Body);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_call_then_succeeds()
    {
        using var host = BuildHost();
        _connector.Then(new FakeResponse(503));

        var result = await host.Services.GetRequiredService<IConnectorClient>().SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("x"));

        Assert.Equal("activity-1", result.Id);
        Assert.Equal(2, _connector.Requests.Count);
    }

    [Fact]
    public async Task An_error_answer_throws_with_status_code_message_and_correlating_id()
    {
        using var host = BuildHost();
        _connector.Then(new FakeResponse(403, """{"error":{"code":"ForbiddenOperationException","message":"Bot is not installed in user's personal scope"}}"""));

        var failure = await Assert.ThrowsAsync<ConnectorException>(() => host.Services.GetRequiredService<IConnectorClient>()
            .CreateConversationAsync(_connector.ServiceUrl, ConversationParameters.ForPersonalChat("28:bot", "29:x", "t")));

        Assert.Equal(HttpStatusCode.Forbidden, failure.StatusCode);
        Assert.Equal("ForbiddenOperationException", failure.ErrorCode);
        Assert.Equal("Bot is not installed in user's personal scope", failure.ErrorMessage);
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task A_500_is_not_retried_because_a_post_could_land_twice()
    {
        using var host = BuildHost();
        _connector.Then(new FakeResponse(500));

        var failure = await Assert.ThrowsAsync<ConnectorException>(() => host.Services.GetRequiredService<IConnectorClient>()
            .SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("x")));

        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Single(_connector.Requests);
    }

    [Theory]
    [InlineData("https://attacker.example.com/teams/")]
    [InlineData("http://smba.trafficmanager.net/teams/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/teams/")]
    [InlineData("not a url")]
    public async Task A_service_url_outside_the_allow_list_is_never_called_and_no_token_is_requested(string serviceUrl)
    {
        using var host = BuildHost();

        await Assert.ThrowsAsync<ServiceUrlNotAllowedException>(() => host.Services.GetRequiredService<IConnectorClient>()
            .SendToConversationAsync(serviceUrl, "a:1", Activity.CreateMessage("x")));

        Assert.Equal(0, _credential.TokenRequests);
    }

    [Fact]
    public async Task A_loopback_service_url_is_refused_to_a_bot_with_an_AppId()
    {
        using var host = BuildHost(allowLoopbackWithToken: false);

        await Assert.ThrowsAsync<ServiceUrlNotAllowedException>(() => host.Services.GetRequiredService<IConnectorClient>()
            .SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("x")));

        Assert.Empty(_connector.Requests);
        Assert.Equal(0, _credential.TokenRequests);
    }

    [Fact]
    public async Task In_local_mode_the_loopback_connector_is_called_without_a_token()
    {
        using var host = BuildHost(allowLoopbackWithToken: false, environment: "Development", appId: null);

        await host.Services.GetRequiredService<IConnectorClient>().SendToConversationAsync(_connector.ServiceUrl, "a:1", Activity.CreateMessage("x"));

        Assert.Null(Assert.Single(_connector.Requests).Header("Authorization"));
        Assert.Equal(0, _credential.TokenRequests);
    }

    [Theory]
    [InlineData("smba.trafficmanager.net", true)]
    [InlineData("SMBA.TrafficManager.net", true)]
    [InlineData("smba.infra.gcc.teams.microsoft.com", true)]
    [InlineData("evil-smba.trafficmanager.net", false)]
    [InlineData("trafficmanager.net", false)]
    public void Only_Teams_service_hosts_are_allowed_by_default(string host, bool allowed) =>
        Assert.Equal(allowed, ServiceUrlAllowList.IsAllowedHost(host, BotOptions.DefaultAllowedServiceUrlHosts));

    [Theory]
    [InlineData("eu.bots.example.com", true)]
    [InlineData("bots.example.com", false)]
    [InlineData("eu.bots.example.com.evil", false)]
    public void A_wildcard_entry_allows_subdomains_only(string host, bool allowed) =>
        Assert.Equal(allowed, ServiceUrlAllowList.IsAllowedHost(host, ["*.bots.example.com"]));

    private IHost BuildHost(bool allowLoopbackWithToken = true, string environment = "Production", string? appId = TestTokenIssuer.DefaultAppId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Bot:AppId"] = appId });
        builder.Services.AddBotFramework();
        builder.Services.AddKeyedSingleton<Azure.Core.TokenCredential>(ConnectorClient.CredentialKey, _credential);
        if (allowLoopbackWithToken)
        {
            builder.Services.AddSingleton(new AllowLoopbackServiceUrlWithToken());
        }

        return builder.Build();
    }
}
