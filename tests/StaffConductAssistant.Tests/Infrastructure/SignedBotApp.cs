using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Features.CaseCard;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>
/// The real app in its production shape: a bot app id, inbound tokens checked against a loopback OpenID/JWKS
/// endpoint, the connector and Graph replaced by loopback stand-ins that record what the bot sends.
/// </summary>
public sealed class SignedBotApp : IAsyncDisposable
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string SltGroupId = "aaaaaaaa-0000-0000-0000-00000000000a";
    public const string StaffGroupId = "aaaaaaaa-0000-0000-0000-00000000000b";
    public const string HeadmistressId = "00000000-0000-0000-0000-00000000a001";
    public const string SltMemberId = "00000000-0000-0000-0000-00000000a002";
    public const string TeacherId = "00000000-0000-0000-0000-00000000a003";

    /// <summary>A second SLT member: whoever proposed cannot decide, so an acting Headmistress needs a colleague's proposal.</summary>
    public const string SecondSltMemberId = "00000000-0000-0000-0000-00000000a004";

    private readonly TimeProvider clock;
    private bool ownsStandIns = true;

    private SignedBotApp(TestTokenIssuer issuer, FakeConnector connector, FakeGraph graph, AppHost app, TimeProvider clock)
    {
        this.clock = clock;
        Issuer = issuer;
        Connector = connector;
        Graph = graph;
        App = app;
        Http = app.CreateHttpClient();
    }

    public TestTokenIssuer Issuer { get; }

    public FakeConnector Connector { get; }

    public FakeGraph Graph { get; }

    public AppHost App { get; }

    public HttpClient Http { get; }

    /// <summary>The connector's service URL, as Teams would put it in each activity and in the token.</summary>
    public string ServiceUrl => Connector.ServiceUrl;

    /// <param name="clock">The app's clock; a fixed one makes the cards' dates, and so their pictures, the same on every run.</param>
    public static async Task<SignedBotApp> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var issuer = await TestTokenIssuer.StartAsync();
        var connector = await FakeConnector.StartAsync();
        var graph = await FakeGraph.StartAsync();
        graph.AddMembership(SltMemberId, SltGroupId);
        graph.AddMembership(SecondSltMemberId, SltGroupId);
        foreach (var member in new[] { HeadmistressId, SltMemberId, TeacherId, SecondSltMemberId })
        {
            graph.AddMembership(member, StaffGroupId);
        }

        var app = CreateHost(issuer, connector, graph, settings, clock, services);
        _ = app.BaseAddress;
        return new SignedBotApp(issuer, connector, graph, app, clock ?? TimeProvider.System);
    }

    /// <summary>
    /// Another instance of the app with the same stand-ins (connector, Graph, Entra's keys), as a second App Service
    /// instance would be; <paramref name="settings"/> should name the database the first uses. Disposing it leaves the
    /// stand-ins to the first.
    /// </summary>
    public SignedBotApp StartAnotherInstance(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var app = CreateHost(Issuer, Connector, Graph, settings, null, services);
        _ = app.BaseAddress;
        return new SignedBotApp(Issuer, Connector, Graph, app, clock) { ownsStandIns = false };
    }

    private static AppHost CreateHost(TestTokenIssuer issuer, FakeConnector connector, FakeGraph graph, IDictionary<string, string?>? settings, TimeProvider? clock, Action<IServiceCollection>? services)
    {
        var all = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = TestTokenIssuer.DefaultAppId,
            ["Bot:TenantId"] = TenantId,
            ["Bot:OpenIdMetadataUrl"] = issuer.MetadataUrl.ToString(),
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Graph:TenantId"] = TenantId,
            ["Graph:ClientId"] = TestTokenIssuer.DefaultAppId,
            ["Roles:SltGroupId"] = SltGroupId,
            ["Roles:StaffGroupId"] = StaffGroupId,
            ["Roles:HeadmistressUserId"] = HeadmistressId,
            [$"Roles:Users:{SltMemberId}"] = "Slt",
            ["App:PublicBaseUrl"] = "https://conduct.example.test/",
            ["Outbox:PollInterval"] = "00:00:00.050",

            // Staff sign-in (the tab, the Outlook pane) is checked against the same stand-in for Entra's keys.
            ["TabAuth:MetadataUrl"] = issuer.MetadataUrl.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var configure = services;
        var app = new AppHost("Production", all, services =>
        {
            // FakeConnector is plain HTTP on loopback: allow the bot's (fake) token to go there, in tests only.
            services.AddSingleton<AllowLoopbackServiceUrlWithToken>();
            services.AddKeyedSingleton<TokenCredential>(ConnectorClient.CredentialKey, new FakeTokenCredential());
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }

            configure?.Invoke(services);
        });
        return app;
    }

    /// <summary>POSTs an activity to /api/messages with a real signed token for this connector.</summary>
    public Task<HttpResponseMessage> SendAsync(JsonObject activity, string? token = null) => SendAsync(Http, activity, token);

    /// <summary>The same, through another client (a bench's, with a longer timeout).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpClient client, JsonObject activity, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        activity["serviceUrl"] ??= ServiceUrl;
        activity["channelId"] ??= "msteams";
        var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token());
        return client.SendAsync(request);
    }

    /// <summary>A token valid by the app's own clock (a test may give the app a fixed one).</summary>
    public string Token()
    {
        var now = clock.GetUtcNow();
        return Issuer.CreateToken(new TestTokenOptions { ServiceUrl = ServiceUrl, NotBefore = now.AddMinutes(-1), Expires = now.AddMinutes(30) });
    }

    /// <summary>
    /// A staff member's access token for the app's API, as Entra issues it to the tab or the Outlook pane (v2: the
    /// audience is the client id; teams-protocol.md §9); change the audience or tenant to make a bad one.
    /// </summary>
    public string UserToken(string userId, string? audience = null, string tenant = TenantId)
    {
        var now = clock.GetUtcNow();
        return Issuer.CreateToken(new TestTokenOptions
        {
            Issuer = $"https://login.microsoftonline.com/{tenant}/v2.0",
            Audience = audience ?? TestTokenIssuer.DefaultAppId,
            ServiceUrl = null,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(60),
            Claims = new Dictionary<string, object> { ["oid"] = userId, ["tid"] = tenant, ["scp"] = "access_as_user", ["name"] = "Test User", ["preferred_username"] = "staff@stjohnspriory.example" },
        });
    }

    /// <summary>A client for the tab's APIs, signed in as the user with <see cref="UserToken"/>.</summary>
    public HttpClient TabClient(string userId)
    {
        var client = App.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", UserToken(userId));
        return client;
    }

    /// <summary>The time in the app (a test may have fixed it).</summary>
    public DateTimeOffset Now => App.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    public Task<int> DrainOutboxAsync() => App.Services.GetRequiredService<OutboxProcessor>().RunDueAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        if (!ownsStandIns)
        {
            return;
        }

        await Graph.DisposeAsync();
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
