using System.ComponentModel.DataAnnotations;

namespace StaffConductAssistant.Graph;

/// <summary>
/// Configuration section "Graph". Graph is optional: with no <see cref="TenantId"/>/<see cref="ClientId"/>
/// and a non-loopback <see cref="BaseUrl"/> the app runs without it and readers report "not available".
/// </summary>
public sealed class GraphOptions : IValidatableObject
{
    public const string Section = "Graph";

    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>Graph root including the version segment. Tests and local mode point it at a loopback server.</summary>
    [Required]
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Entra tenant (directory) id the app's credentials belong to.</summary>
    public string? TenantId { get; set; }

    /// <summary>
    /// The client id of the Entra app that calls Graph. In Azure it is the school's Entra app (webApplicationInfo.id in the
    /// Teams manifest), which trusts the managed identity through a federated identity credential.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>Optional, for a developer's own registration; in Azure it stays empty and the managed identity is the credential.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Client id of the user-assigned managed identity whose token signs the app in (its client assertion) when
    /// <see cref="ClientId"/> names another app; when it equals <see cref="ClientId"/>, the managed identity itself calls
    /// Graph. Empty means the system-assigned identity.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// Budget for one whole read (message, lookups, download). The message-action invoke must answer
    /// within 5 s (docs/teams-protocol.md §5), so the default leaves room for the rest of the handler.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Largest original email the app will download. Bigger ones are reported as too large.</summary>
    public long MaxEmailBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>True when <see cref="BaseUrl"/> is an absolute URL whose host is a loopback address (a fake Graph).</summary>
    public bool IsLoopback => Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>
    /// True when the app can talk to a Graph: either a loopback fake (no credentials needed), or real
    /// Graph with a tenant and client id. Otherwise nothing may try to reach the internet.
    /// </summary>
    public bool IsConfigured => IsLoopback || (!string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback))
        {
            // A bearer token must only ever travel over HTTPS; plain HTTP is accepted for loopback fakes only.
            yield return new ValidationResult("Graph:BaseUrl must be an absolute https URL (http is allowed only for loopback).", [nameof(BaseUrl)]);
        }

        if (string.IsNullOrWhiteSpace(TenantId) != string.IsNullOrWhiteSpace(ClientId) && !IsLoopback)
        {
            yield return new ValidationResult("Graph:TenantId and Graph:ClientId must be set together.", [nameof(TenantId), nameof(ClientId)]);
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Graph:Timeout must be between 0 and 5 minutes.", [nameof(Timeout)]);
        }

        if (MaxEmailBytes <= 0)
        {
            yield return new ValidationResult("Graph:MaxEmailBytes must be positive.", [nameof(MaxEmailBytes)]);
        }
    }
}
