using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>What a test token says; every field can be changed to build a bad token.</summary>
public sealed record TestTokenOptions
{
    public string Issuer { get; init; } = TestTokenIssuer.BotFrameworkIssuer;

    public string Audience { get; init; } = TestTokenIssuer.DefaultAppId;

    public string? ServiceUrl { get; init; } = TestTokenIssuer.DefaultServiceUrl;

    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? Expires { get; init; }

    /// <summary>The kid written in the header; defaults to the signing key's id.</summary>
    public string? KeyId { get; init; }

    /// <summary>Which published (or unpublished) key signs; defaults to <see cref="TestTokenIssuer.DefaultKeyId"/>.</summary>
    public string SigningKeyId { get; init; } = TestTokenIssuer.DefaultKeyId;

    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;

    /// <summary>More claims, for example Entra's oid, tid and scp on a Teams tab SSO token.</summary>
    public IReadOnlyDictionary<string, object>? Claims { get; init; }
}

/// <summary>
/// Plays login.botframework.com on loopback: OpenID metadata and a JWKS whose keys carry <c>endorsements</c>,
/// and mints real RS256 tokens. Keys can be added (published or not), endorsed for other channels, rotated in.
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string DefaultAppId = "00000000-0000-0000-0000-0000000000b0";
    public const string DefaultKeyId = "key-msteams";
    public const string DefaultServiceUrl = "https://smba.trafficmanager.net/emea/";

    private readonly Dictionary<string, (RSA Rsa, string[] Endorsements, bool Published)> _keys = [];
    private readonly Lock _lock = new();
    private LoopbackServer? _server;
    private int _jwksRequests;

    private TestTokenIssuer()
    {
    }

    public Uri MetadataUrl => new(_server!.BaseAddress, "v1/.well-known/openidconfiguration");

    public int JwksRequestCount => Volatile.Read(ref _jwksRequests);

    public static async Task<TestTokenIssuer> StartAsync()
    {
        var issuer = new TestTokenIssuer();
        issuer.AddKey(DefaultKeyId, "msteams");
        issuer._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext http) => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = BotFrameworkIssuer,
                ["jwks_uri"] = new Uri(issuer._server!.BaseAddress, "v1/.well-known/keys").ToString(),
            }));
            app.MapGet("/v1/.well-known/keys", () =>
            {
                Interlocked.Increment(ref issuer._jwksRequests);
                return Results.Content(issuer.JwksJson(), "application/json");
            });
        });
        return issuer;
    }

    /// <summary>Adds a signing key. Unpublished keys sign tokens but are not in the JWKS (until <see cref="Publish"/>).</summary>
    public void AddKey(string keyId, params string[] endorsements) => AddKey(keyId, published: true, endorsements);

    public void AddKey(string keyId, bool published, params string[] endorsements)
    {
        lock (_lock)
        {
            _keys[keyId] = (RSA.Create(2048), endorsements, published);
        }
    }

    /// <summary>Rotates a key into the published set.</summary>
    public void Publish(string keyId)
    {
        lock (_lock)
        {
            var key = _keys[keyId];
            _keys[keyId] = key with { Published = true };
        }
    }

    /// <summary>Rotates a key out of the published set (it can still sign, as a retired key would).</summary>
    public void Unpublish(string keyId)
    {
        lock (_lock)
        {
            var key = _keys[keyId];
            _keys[keyId] = key with { Published = false };
        }
    }

    public string CreateToken(TestTokenOptions? options = null)
    {
        options ??= new TestTokenOptions();
        RSA rsa;
        lock (_lock)
        {
            rsa = _keys[options.SigningKeyId].Rsa;
        }

        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>();
        if (options.ServiceUrl is not null)
        {
            claims["serviceurl"] = options.ServiceUrl;
        }

        foreach (var (name, value) in options.Claims ?? new Dictionary<string, object>())
        {
            claims[name] = value;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            NotBefore = (options.NotBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Expires = (options.Expires ?? now.AddMinutes(30)).UtcDateTime,
            IssuedAt = (options.NotBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new RsaSecurityKey(rsa) { KeyId = options.KeyId ?? options.SigningKeyId }, options.Algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims and a published kid.</summary>
    public static string CreateUnsignedToken(string keyId = DefaultKeyId, string serviceUrl = DefaultServiceUrl)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = keyId };
        var payload = new JsonObject
        {
            ["iss"] = BotFrameworkIssuer,
            ["aud"] = DefaultAppId,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds(),
        };
        return Encode(header) + "." + Encode(payload) + ".";
    }

    /// <summary>An HS256 token keyed with a public value (the classic algorithm-confusion attack).</summary>
    public static string CreateHmacToken(string keyId = DefaultKeyId)
    {
        var now = DateTimeOffset.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = BotFrameworkIssuer,
            Audience = DefaultAppId,
            NotBefore = now.AddMinutes(-1).UtcDateTime,
            Expires = now.AddMinutes(30).UtcDateTime,
            Claims = new Dictionary<string, object> { ["serviceurl"] = DefaultServiceUrl },
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes("a-public-value-that-is-long-enough-for-hs256!")) { KeyId = keyId },
                SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private string JwksJson()
    {
        var keys = new JsonArray();
        lock (_lock)
        {
            foreach (var (keyId, key) in _keys.Where(k => k.Value.Published))
            {
                var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
                keys.Add(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = keyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    ["endorsements"] = new JsonArray(key.Endorsements.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()),
                });
            }
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    private static string Encode(JsonObject json) => Base64UrlEncoder.Encode(json.ToJsonString(new JsonSerializerOptions()));

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        lock (_lock)
        {
            foreach (var key in _keys.Values)
            {
                key.Rsa.Dispose();
            }
        }
    }
}
