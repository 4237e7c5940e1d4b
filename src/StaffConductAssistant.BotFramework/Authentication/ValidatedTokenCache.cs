using System.Collections.Concurrent;

namespace StaffConductAssistant.BotFramework.Authentication;

/// <summary>
/// What a full validation established about one token and that cannot change while the token and its key stay the
/// same: the RS256/384/512 signature against <see cref="Key"/>, the issuer and the audience. Everything that depends on
/// the clock or on the activity (lifetime, endorsement for the activity's channel, the <c>serviceurl</c> claim, the
/// tenant) is NOT in here and is checked on every request.
/// </summary>
internal sealed record ValidatedToken(
    SigningKey Key,
    string Audience,
    DateTimeOffset NotBefore,
    DateTimeOffset Expires,
    string? ServiceUrlClaim,
    DateTimeOffset CachedUntil);

/// <summary>
/// The Bot Connector sends the same token for about an hour, so the RSA verification is done once per token rather than
/// once per request. Keyed by the exact token string (ordinal): any change to header, payload or signature is a
/// different key, so a tampered token can never be a hit. Only tokens that passed a full validation are added, so
/// callers cannot fill it with junk; it is bounded (<see cref="Capacity"/>) and entries live at most
/// <see cref="MaximumEntryAge"/>. A hit is only used while the key set still holds the very same key object
/// (<see cref="OpenIdKeyCache"/> builds new objects on every fetch), so a refetched key set takes effect at once.
/// </summary>
internal sealed class ValidatedTokenCache
{
    /// <summary>Far more than the few tokens the Connector has live at once; at ~2 KB a token, under 5 MB when full.</summary>
    public const int Capacity = 1024;

    /// <summary>Bounds how long a validation is trusted, independently of the token's own lifetime.</summary>
    public static readonly TimeSpan MaximumEntryAge = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, ValidatedToken> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>The earlier validation of exactly this token, if it is still usable at <paramref name="now"/>.</summary>
    public ValidatedToken? Find(string token, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (now >= entry.CachedUntil)
        {
            _entries.TryRemove(new KeyValuePair<string, ValidatedToken>(token, entry));
            return null;
        }

        return entry;
    }

    public void Remove(string token) => _entries.TryRemove(token, out _);

    public void Add(string token, ValidatedToken entry, DateTimeOffset now)
    {
        if (_entries.Count >= Capacity)
        {
            foreach (var (key, value) in _entries)
            {
                if (now >= value.CachedUntil)
                {
                    _entries.TryRemove(new KeyValuePair<string, ValidatedToken>(key, value));
                }
            }

            // Still full of live entries (unexpected for one bot): start again rather than grow.
            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
        }

        _entries[token] = entry;
    }
}
