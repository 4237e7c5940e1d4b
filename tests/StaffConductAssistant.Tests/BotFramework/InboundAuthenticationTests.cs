using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using StaffConductAssistant.BotFramework.Authentication;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.BotFramework;

public sealed class InboundAuthenticationTests : IAsyncLifetime
{
    private TestTokenIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestTokenIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task A_message_with_a_valid_Teams_token_reaches_the_handler_as_authenticated()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);

        var response = await bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var handled = Assert.Single(bot.Handled);
        Assert.Equal(BotCallerKind.BotConnector, handled.Caller);
        Assert.Equal("hello", handled.Activity.Text);
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot => bot.PostAsync(TeamsActivities.Message(), token: null));

    [Fact]
    public async Task A_token_sent_with_another_scheme_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot =>
            bot.PostAsync(TeamsActivities.Message(), new AuthenticationHeaderValue("Basic", _issuer.CreateToken())));

    [Fact]
    public async Task A_token_for_another_bot_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot =>
            bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions { Audience = "another-app" })));

    [Fact]
    public async Task A_token_from_another_issuer_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot =>
            bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions { Issuer = "https://sts.windows.net/someone/" })));

    [Fact]
    public async Task An_expired_token_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot => bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions
        {
            NotBefore = DateTimeOffset.UtcNow.AddHours(-2),
            Expires = DateTimeOffset.UtcNow.AddMinutes(-6),
        })));

    [Fact]
    public async Task A_token_that_becomes_valid_beyond_the_five_minute_skew_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot => bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions
        {
            NotBefore = DateTimeOffset.UtcNow.AddMinutes(7),
            Expires = DateTimeOffset.UtcNow.AddHours(1),
        })));

    [Fact]
    public async Task A_token_that_becomes_valid_within_the_five_minute_skew_is_accepted()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);

        var response = await bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions
        {
            NotBefore = DateTimeOffset.UtcNow.AddMinutes(3),
            Expires = DateTimeOffset.UtcNow.AddHours(1),
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Handled);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot => bot.PostAsync(TeamsActivities.Message(), TestTokenIssuer.CreateUnsignedToken()));

    [Fact]
    public async Task An_HS256_token_keyed_with_a_public_value_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot => bot.PostAsync(TeamsActivities.Message(), TestTokenIssuer.CreateHmacToken()));

    [Fact]
    public async Task A_token_claiming_a_published_kid_but_signed_by_another_key_is_refused_with_401()
    {
        _issuer.AddKey("forger", published: false, "msteams");

        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot => bot.PostAsync(TeamsActivities.Message(),
            _issuer.CreateToken(new TestTokenOptions { SigningKeyId = "forger", KeyId = TestTokenIssuer.DefaultKeyId })));
    }

    [Fact]
    public async Task A_token_signed_with_an_unknown_key_is_refused_with_401()
    {
        _issuer.AddKey("never-published", published: false, "msteams");

        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot =>
            bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions { SigningKeyId = "never-published" })));
    }

    [Fact]
    public async Task A_key_rotated_into_the_key_set_is_accepted_after_a_refetch()
    {
        var clock = new ManualTimeProvider();
        await using var bot = await BotTestHost.ForIssuer(_issuer, o => o.ConfigureServices = services => UseClock(services, clock));
        _issuer.AddKey("rotated-in", published: false, "msteams");
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken())).StatusCode);

        _issuer.Publish("rotated-in");
        clock.Advance(TimeSpan.FromMinutes(2));
        var response = await bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions { SigningKeyId = "rotated-in" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, bot.Handled.Count);
        Assert.Equal(2, _issuer.JwksRequestCount);
    }

    [Fact]
    public async Task A_flood_of_unknown_key_ids_does_not_hammer_the_key_endpoint()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);
        _issuer.AddKey("attacker", published: false, "msteams");

        for (var i = 0; i < 20; i++)
        {
            var response = await bot.PostAsync(TeamsActivities.Message(),
                _issuer.CreateToken(new TestTokenOptions { SigningKeyId = "attacker", KeyId = "made-up-" + i }));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(1, _issuer.JwksRequestCount);
        Assert.Empty(bot.Handled);
    }

    [Fact]
    public async Task A_key_not_endorsed_for_msteams_is_forbidden_with_403()
    {
        _issuer.AddKey("webchat-only", "webchat");

        await AssertRefusedAsync(HttpStatusCode.Forbidden, bot =>
            bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions { SigningKeyId = "webchat-only" })));
    }

    [Fact]
    public async Task An_activity_claiming_a_channel_the_key_is_not_endorsed_for_is_forbidden_with_403() =>
        await AssertRefusedAsync(HttpStatusCode.Forbidden, bot =>
            bot.PostAsync(TeamsActivities.Message(channelId: "webchat"), _issuer.CreateToken()));

    [Fact]
    public async Task A_token_issued_for_another_service_url_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot => bot.PostAsync(
            TeamsActivities.Message(serviceUrl: "https://attacker.example.com/teams/"), _issuer.CreateToken()));

    [Fact]
    public async Task A_token_without_a_serviceurl_claim_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot =>
            bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions { ServiceUrl = null })));

    [Fact]
    public async Task A_serviceurl_claim_differing_only_in_host_case_and_trailing_slash_is_accepted()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);

        var response = await bot.PostAsync(TeamsActivities.Message(serviceUrl: "https://SMBA.trafficmanager.net/emea"),
            _issuer.CreateToken(new TestTokenOptions { ServiceUrl = "https://smba.trafficmanager.net/emea/" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_activity_from_another_tenant_is_refused_with_401_when_Bot_TenantId_is_set() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot => bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken()),
            o => o.Settings["Bot:TenantId"] = "11111111-2222-3333-4444-555555555555");

    [Fact]
    public async Task An_activity_from_the_configured_tenant_is_accepted()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer, o => o.Settings["Bot:TenantId"] = TeamsActivities.TenantId.ToUpperInvariant());

        var response = await bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_token_is_refused_with_401() =>
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, bot => bot.PostAsync(TeamsActivities.Message(), "not.a-jwt"));

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task Tokens_signed_with_RS384_or_RS512_are_accepted(string algorithm)
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);

        var response = await bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(new TestTokenOptions { Algorithm = algorithm }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // The validated-token cache: a token seen before skips the RSA check, never the checks tied to the clock or the activity.

    [Fact]
    public async Task A_token_reused_for_many_requests_is_validated_once_and_accepted_each_time()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);
        var token = _issuer.CreateToken();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(TeamsActivities.Message(), token)).StatusCode);
        }

        Assert.Equal(3, bot.Handled.Count);
        Assert.Equal(1, Authenticator(bot).TokenCache.Count);
    }

    [Fact]
    public async Task A_cached_token_is_refused_for_another_service_url()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);
        var token = _issuer.CreateToken();
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(TeamsActivities.Message(), token)).StatusCode);

        var response = await bot.PostAsync(TeamsActivities.Message(serviceUrl: "https://attacker.example.com/teams/"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(bot.Handled);
    }

    [Fact]
    public async Task A_cached_token_is_forbidden_for_a_channel_its_key_is_not_endorsed_for()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);
        var token = _issuer.CreateToken();
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(TeamsActivities.Message(), token)).StatusCode);

        var response = await bot.PostAsync(TeamsActivities.Message(channelId: "webchat"), token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(bot.Handled);
    }

    [Fact]
    public async Task A_cached_token_is_refused_for_an_activity_from_another_tenant()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer, o => o.Settings["Bot:TenantId"] = TeamsActivities.TenantId);
        var token = _issuer.CreateToken();
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(TeamsActivities.Message(), token)).StatusCode);

        var response = await bot.PostAsync(TeamsActivities.Message(tenantId: "11111111-2222-3333-4444-555555555555"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(bot.Handled);
    }

    [Fact]
    public async Task A_cached_token_is_refused_once_it_has_expired()
    {
        var clock = new ManualTimeProvider();
        await using var bot = await BotTestHost.ForIssuer(_issuer, o => o.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock));
        var token = _issuer.CreateToken(new TestTokenOptions { NotBefore = clock.GetUtcNow().AddMinutes(-1), Expires = clock.GetUtcNow().AddMinutes(10) });
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(TeamsActivities.Message(), token)).StatusCode);

        // Within exp + 5 min of skew the token still works; after it, not even from the cache.
        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(TeamsActivities.Message(), token)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(2));
        var response = await bot.PostAsync(TeamsActivities.Message(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, bot.Handled.Count);
    }

    [Fact]
    public async Task A_tampered_copy_of_a_cached_token_is_never_a_cache_hit()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);
        var token = _issuer.CreateToken();
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(TeamsActivities.Message(), token)).StatusCode);

        // Same header and payload with the signature's last character changed; and the payload swapped for another audience's.
        var parts = token.Split('.');
        var lastChar = parts[2][^1] == 'A' ? 'B' : 'A';
        var badSignature = $"{parts[0]}.{parts[1]}.{parts[2][..^1]}{lastChar}";
        var otherPayload = _issuer.CreateToken(new TestTokenOptions { Audience = "another-app" }).Split('.')[1];
        var swappedPayload = $"{parts[0]}.{otherPayload}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(TeamsActivities.Message(), badSignature)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(TeamsActivities.Message(), swappedPayload)).StatusCode);
        Assert.Single(bot.Handled);
        Assert.Equal(1, Authenticator(bot).TokenCache.Count);
    }

    [Fact]
    public async Task A_cached_token_is_validated_again_after_its_key_leaves_the_key_set()
    {
        var clock = new ManualTimeProvider();
        await using var bot = await BotTestHost.ForIssuer(_issuer, o => o.ConfigureServices = services => UseClock(services, clock));
        _issuer.AddKey("leaving", "msteams");
        var token = _issuer.CreateToken(new TestTokenOptions { SigningKeyId = "leaving" });
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(TeamsActivities.Message(), token)).StatusCode);

        // The key set is refetched (a day later, as the key cache does) without the key: the cached validation must not count.
        _issuer.Unpublish("leaving");
        clock.Advance(OpenIdKeyCache.MaximumKeyAge + TimeSpan.FromMinutes(1));
        var response = await bot.PostAsync(TeamsActivities.Message(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(bot.Handled);
    }

    [Fact]
    public void The_token_cache_stays_bounded()
    {
        var cache = new ValidatedTokenCache();
        var now = DateTimeOffset.UtcNow;
        var key = new SigningKey("k", new JsonWebKey(), new HashSet<string>());
        for (var i = 0; i < ValidatedTokenCache.Capacity * 3; i++)
        {
            cache.Add("token-" + i, new ValidatedToken(key, "app", now, now.AddHours(1), null, now.AddMinutes(5)), now);
        }

        Assert.InRange(cache.Count, 1, ValidatedTokenCache.Capacity);
        Assert.Null(cache.Find("token-" + (ValidatedTokenCache.Capacity * 3 - 1), now.Add(ValidatedTokenCache.MaximumEntryAge)));
    }

    private static BotRequestAuthenticator Authenticator(BotTestHost bot) => bot.Services.GetRequiredService<BotRequestAuthenticator>();

    private async Task AssertRefusedAsync(HttpStatusCode expected, Func<BotTestHost, Task<HttpResponseMessage>> send, Action<BotTestHostOptions>? configure = null)
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer, configure);

        var response = await send(bot);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(" at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(bot.Handled);
    }

    private static void UseClock(IServiceCollection services, TimeProvider clock) =>
        services.AddSingleton(sp => new OpenIdKeyCache(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<BotOptions>>(),
            sp.GetRequiredService<ILogger<OpenIdKeyCache>>(),
            clock));
}
