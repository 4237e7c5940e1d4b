using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace StaffConductAssistant.BotFramework.Hosting;

/// <summary>Checks <see cref="BotOptions"/> at start; every message names the setting to fix.</summary>
internal sealed class BotOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AppId) && !environment.IsDevelopment())
        {
            failures.Add("Bot:AppId is required outside Development (the Azure Bot's Microsoft App ID); " +
                "without it the bot cannot check who is calling. Environment: " + environment.EnvironmentName + ".");
        }

        if (!Uri.TryCreate(options.OpenIdMetadataUrl, UriKind.Absolute, out var metadata) || !LoopbackAddresses.IsHttpsOrLoopbackHttp(metadata))
        {
            failures.Add("Bot:OpenIdMetadataUrl must be an absolute https URL (http is allowed for loopback only).");
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add("Bot:MaxRequestBodyBytes must be positive.");
        }

        foreach (var host in options.EffectiveAllowedServiceUrlHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal))
            {
                failures.Add($"Bot:AllowedServiceUrlHosts entries must be host names (optionally '*.domain'), not URLs: '{host}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
