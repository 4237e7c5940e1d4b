namespace StaffConductAssistant.BotFramework.Hosting;

/// <summary>Settings of the configuration section <c>Bot</c>.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>
    /// Teams bot messages are limited to about 100 KB, and the message-action invokes (fetchTask/submitAction)
    /// carry the message's HTML preview (at most 24 KB for an emailed post) plus the activity envelope: 256 KiB
    /// leaves room for both while stopping oversized bodies before they are parsed.
    /// </summary>
    public const int DefaultMaxRequestBodyBytes = 262_144;

    /// <summary>
    /// Teams' documented service URL hosts: public cloud (smba.trafficmanager.net) and GCC
    /// (smba.infra.gcc.teams.microsoft.com). Other clouds must be added in configuration.
    /// </summary>
    public static IReadOnlyList<string> DefaultAllowedServiceUrlHosts { get; } =
        ["smba.trafficmanager.net", "smba.infra.gcc.teams.microsoft.com"];

    /// <summary>The Azure Bot's Microsoft App ID: the audience of inbound tokens. Required outside Development.</summary>
    public string? AppId { get; set; }

    /// <summary>The Entra tenant (single-tenant bots). When set, inbound activities must come from this tenant.</summary>
    public string? TenantId { get; set; }

    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Client secret for outbound connector tokens; without it a managed identity is used.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Client id of a user-assigned managed identity (outbound tokens when there is no secret).</summary>
    public string? ManagedIdentityClientId { get; set; }

    public int MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>
    /// Hosts the bot may call back (https only). <c>*.example.com</c> allows subdomains. Null means
    /// <see cref="DefaultAllowedServiceUrlHosts"/> (a list rather than defaults so configuration replaces, not appends).
    /// </summary>
    public IList<string>? AllowedServiceUrlHosts { get; set; }

    public IReadOnlyList<string> EffectiveAllowedServiceUrlHosts =>
        AllowedServiceUrlHosts is { Count: > 0 } configured ? [.. configured] : DefaultAllowedServiceUrlHosts;

    /// <summary>Local mode: no App ID in Development. Token-less requests are then accepted from loopback only.</summary>
    public bool IsLocalMode(bool isDevelopment) => isDevelopment && string.IsNullOrWhiteSpace(AppId);
}
