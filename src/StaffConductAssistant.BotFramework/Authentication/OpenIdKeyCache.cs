using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using StaffConductAssistant.BotFramework.Hosting;

namespace StaffConductAssistant.BotFramework.Authentication;

/// <summary>
/// The Bot Framework signing keys: OpenID metadata (<c>Bot:OpenIdMetadataUrl</c>) → <c>jwks_uri</c> → keys with
/// <c>endorsements</c>. Keys are refreshed once they are a day old and on an unknown <c>kid</c> (the auth doc: new keys
/// can appear), but never more often than <see cref="MinimumRefreshInterval"/>, so a flood of tokens with made-up
/// kids cannot hammer the endpoint.
/// </summary>
internal sealed class OpenIdKeyCache(
    IHttpClientFactory httpClientFactory,
    IOptions<BotOptions> options,
    ILogger<OpenIdKeyCache> logger,
    TimeProvider timeProvider) : IDisposable
{
    public const string HttpClientName = "StaffConductAssistant.BotFramework.OpenId";

    public static readonly TimeSpan MaximumKeyAge = TimeSpan.FromHours(24);

    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private IReadOnlyDictionary<string, SigningKey>? _keys;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    public void Dispose() => _refreshLock.Dispose();

    /// <summary>The key with this id, refetching the set when it is stale or the id is unknown; null if still unknown.</summary>
    public async Task<SigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var keys = _keys;
        if (keys is null || timeProvider.GetUtcNow() - _fetchedAt >= MaximumKeyAge)
        {
            keys = await RefreshAsync(keys, cancellationToken).ConfigureAwait(false);
        }

        if (keys is not null && keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        Log.UnknownKeyId(logger, keyId);
        keys = await RefreshAsync(keys, cancellationToken).ConfigureAwait(false);
        return keys is not null && keys.TryGetValue(keyId, out key) ? key : null;
    }

    private async Task<IReadOnlyDictionary<string, SigningKey>?> RefreshAsync(
        IReadOnlyDictionary<string, SigningKey>? seen, CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller refreshed while this one waited: use its result.
            if (!ReferenceEquals(_keys, seen))
            {
                return _keys;
            }

            var now = timeProvider.GetUtcNow();
            if (now - _lastAttempt < MinimumRefreshInterval)
            {
                return _keys;
            }

            _lastAttempt = now;
            try
            {
                _keys = await FetchAsync(cancellationToken).ConfigureAwait(false);
                _fetchedAt = now;
                Log.SigningKeysFetched(logger, _keys.Count);
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException
                                              && !cancellationToken.IsCancellationRequested)
            {
                Log.SigningKeysFetchFailed(logger, exception);
            }

            return _keys;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, SigningKey>> FetchAsync(CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        var metadataUrl = RequireSafeUrl(options.Value.OpenIdMetadataUrl, "OpenID metadata URL");
        using var metadata = await GetJsonAsync(client, metadataUrl, cancellationToken).ConfigureAwait(false);
        var jwksUri = metadata.RootElement.TryGetProperty("jwks_uri", out var jwks) && jwks.ValueKind == JsonValueKind.String
            ? jwks.GetString()
            : null;
        using var keySet = await GetJsonAsync(client, RequireSafeUrl(jwksUri, "jwks_uri"), cancellationToken).ConfigureAwait(false);
        return ParseKeys(keySet.RootElement);
    }

    /// <summary>Parses a JWKS document, keeping each key's <c>endorsements</c> (not part of the JWK standard).</summary>
    internal static Dictionary<string, SigningKey> ParseKeys(JsonElement keySet)
    {
        if (!keySet.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException("The JWKS document has no keys array.");
        }

        var result = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var element in keys.EnumerateArray())
        {
            var keyId = GetString(element, "kid");
            var use = GetString(element, "use");
            if (keyId is null || (use is not null && use != "sig"))
            {
                continue;
            }

            var endorsements = new HashSet<string>(StringComparer.Ordinal);
            if (element.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var channel in list.EnumerateArray())
                {
                    if (channel.ValueKind == JsonValueKind.String && channel.GetString() is { } channelId)
                    {
                        endorsements.Add(channelId);
                    }
                }
            }

            result[keyId] = new SigningKey(keyId, new JsonWebKey(element.GetRawText()), endorsements);
        }

        return result;
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    // Keys decide who may talk to the bot: fetch them over https only (http is tolerated on loopback, for tests).
    private static Uri RequireSafeUrl(string? url, string what) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && LoopbackAddresses.IsHttpsOrLoopbackHttp(uri)
            ? uri
            : throw new InvalidOperationException($"The {what} must be an absolute https URL.");

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
