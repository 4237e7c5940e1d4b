using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.BotFramework.Authentication;

/// <summary>The outcome of authenticating one request: 200 (go on), 401 or 403.</summary>
internal readonly record struct AuthenticationOutcome(int Status, string Reason, BotCallerKind Caller)
{
    public bool Succeeded => Status == StatusCodes.Status200OK;

    public static AuthenticationOutcome Unauthorized(string reason) => new(StatusCodes.Status401Unauthorized, reason, BotCallerKind.None);

    public static AuthenticationOutcome Forbidden(string reason) => new(StatusCodes.Status403Forbidden, reason, BotCallerKind.None);
}

/// <summary>
/// Inbound Bot Connector → bot authentication, per
/// https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication:
/// Bearer JWT, issuer https://api.botframework.com, audience = Bot:AppId, 5 minutes of clock skew, RS256/384/512
/// from the published keys, the key endorsed for the activity's channel (else 403), the <c>serviceurl</c> claim
/// equal to <c>activity.serviceUrl</c>. Any other failure is 401.
/// The token-only part of that (signature, issuer, audience) is remembered per token in a
/// <see cref="ValidatedTokenCache"/>; lifetime, endorsement, serviceurl and tenant are checked on every request.
/// </summary>
internal sealed class BotRequestAuthenticator(
    OpenIdKeyCache keys,
    IOptions<BotOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<BotRequestAuthenticator> logger)
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    public const string ServiceUrlClaim = "serviceurl";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly JsonWebTokenHandler _handler = new();

    internal ValidatedTokenCache TokenCache { get; } = new();

    public async Task<AuthenticationOutcome> AuthenticateAsync(HttpContext http, Activity activity, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var outcome = settings.IsLocalMode(environment.IsDevelopment())
            ? AuthenticateLocal(http)
            : await AuthenticateTokenAsync(http, activity, settings, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            Log.RequestRejected(logger, outcome.Status, outcome.Reason);
        }

        return outcome;
    }

    // The Agents Playground sends no token; its notes say to run such a mode on loopback only.
    private AuthenticationOutcome AuthenticateLocal(HttpContext http)
    {
        if (LocalCaller.IsLocal(http))
        {
            return new AuthenticationOutcome(StatusCodes.Status200OK, "local mode", BotCallerKind.LocalMode);
        }

        Log.LocalModeNonLoopback(logger);
        return AuthenticationOutcome.Unauthorized("local mode accepts loopback requests only, never forwarded ones");
    }

    private async Task<AuthenticationOutcome> AuthenticateTokenAsync(
        HttpContext http, Activity activity, BotOptions settings, CancellationToken cancellationToken)
    {
        if (!AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(header.Parameter))
        {
            return AuthenticationOutcome.Unauthorized("no bearer token");
        }

        var raw = header.Parameter;
        var now = clock.GetUtcNow();
        var validated = TokenCache.Find(raw, now);
        if (validated is not null && !await IsStillValidAsync(validated, settings, cancellationToken).ConfigureAwait(false))
        {
            // The key set changed (or the configuration did): validate this token again from scratch.
            TokenCache.Remove(raw);
            validated = null;
        }

        if (validated is null)
        {
            var (outcome, fresh) = await ValidateTokenAsync(raw, settings, now, cancellationToken).ConfigureAwait(false);
            if (fresh is null)
            {
                return outcome;
            }

            TokenCache.Add(raw, fresh, now);
            validated = fresh;
        }

        return CheckRequest(validated, activity, settings, now);
    }

    /// <summary>A cached validation holds while the key set still has the same key object and the audience is unchanged.</summary>
    private async Task<bool> IsStillValidAsync(ValidatedToken validated, BotOptions settings, CancellationToken cancellationToken)
    {
        if (!string.Equals(validated.Audience, settings.AppId, StringComparison.Ordinal))
        {
            return false;
        }

        var key = await keys.FindAsync(validated.Key.KeyId, cancellationToken).ConfigureAwait(false);
        return ReferenceEquals(key, validated.Key);
    }

    /// <summary>Signature, algorithm, issuer, audience and lifetime (the full check of the auth doc's token rules).</summary>
    private async Task<(AuthenticationOutcome Outcome, ValidatedToken? Validated)> ValidateTokenAsync(
        string raw, BotOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(raw);
        }
        catch (ArgumentException)
        {
            return (AuthenticationOutcome.Unauthorized("malformed token"), null);
        }

        // Refuse 'none' and HMAC before touching any key.
        if (Array.IndexOf(AllowedAlgorithms, token.Alg) < 0)
        {
            return (AuthenticationOutcome.Unauthorized("algorithm not allowed"), null);
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return (AuthenticationOutcome.Unauthorized("token has no key id"), null);
        }

        var key = await keys.FindAsync(token.Kid, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return (AuthenticationOutcome.Unauthorized("unknown signing key"), null);
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = BotFrameworkIssuer,
            ValidAudience = settings.AppId,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,

            // Lifetime by the app's clock (the same one CheckRequest uses on every request), not the machine's.
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } exp && now < new DateTimeOffset(DateTime.SpecifyKind(exp, DateTimeKind.Utc)) + ClockSkew
                && (notBefore is not { } nbf || now >= new DateTimeOffset(DateTime.SpecifyKind(nbf, DateTimeKind.Utc)) - ClockSkew),
            IssuerSigningKey = key.Key,
            ValidAlgorithms = AllowedAlgorithms,
            TryAllIssuerSigningKeys = false,
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (AuthenticationOutcome.Unauthorized("token validation failed: " + result.Exception?.GetType().Name), null);
        }

        var serviceUrlClaim = token.TryGetPayloadValue<string>(ServiceUrlClaim, out var claimed) ? claimed : null;
        var notBefore = token.ValidFrom == DateTime.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(token.ValidFrom, TimeSpan.Zero);
        var expires = new DateTimeOffset(token.ValidTo, TimeSpan.Zero);
        var cachedUntil = now + ValidatedTokenCache.MaximumEntryAge;
        var validated = new ValidatedToken(key, settings.AppId ?? string.Empty, notBefore, expires, serviceUrlClaim,
            expires + ClockSkew < cachedUntil ? expires + ClockSkew : cachedUntil);
        return (new AuthenticationOutcome(StatusCodes.Status200OK, "token", BotCallerKind.BotConnector), validated);
    }

    /// <summary>The checks that depend on the clock and on this activity: never cached.</summary>
    private static AuthenticationOutcome CheckRequest(ValidatedToken token, Activity activity, BotOptions settings, DateTimeOffset now)
    {
        // Lifetime again (a cached token must not outlive its exp), with the same 5 minutes of skew as the full check.
        if (now >= token.Expires + ClockSkew || (token.NotBefore != DateTimeOffset.MinValue && now < token.NotBefore - ClockSkew))
        {
            return AuthenticationOutcome.Unauthorized("token validation failed: lifetime");
        }

        // Check 8 of the auth doc: the key must be endorsed for the channel the activity claims to come from.
        if (activity.ChannelId is null || !token.Key.Endorsements.Contains(activity.ChannelId))
        {
            return AuthenticationOutcome.Forbidden("signing key not endorsed for the channel");
        }

        // Check 7: a token issued for one service URL must not vouch for another (the bot would send its own token there).
        if (token.ServiceUrlClaim is null || !ServiceUrlsMatch(token.ServiceUrlClaim, activity.ServiceUrl))
        {
            return AuthenticationOutcome.Unauthorized("serviceurl claim does not match the activity");
        }

        if (!string.IsNullOrWhiteSpace(settings.TenantId)
            && !string.Equals(activity.GetTenantId(), settings.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Unauthorized("activity from another tenant");
        }

        return new AuthenticationOutcome(StatusCodes.Status200OK, "token", BotCallerKind.BotConnector);
    }

    /// <summary>Same URL, ignoring case of scheme and host and a trailing slash.</summary>
    internal static bool ServiceUrlsMatch(string? claimed, string? actual)
    {
        if (!Uri.TryCreate(claimed, UriKind.Absolute, out var a) || !Uri.TryCreate(actual, UriKind.Absolute, out var b))
        {
            return false;
        }

        return string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port
            && string.Equals(a.PathAndQuery.TrimEnd('/'), b.PathAndQuery.TrimEnd('/'), StringComparison.Ordinal);
    }
}
