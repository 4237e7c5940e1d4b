using System.Text.Json;
using System.Text.Json.Nodes;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>Validates Teams manifests against the official schema with ajv (js/validate-manifest.cjs).</summary>
public static class ManifestValidator
{
    public const string SchemaVersion = "v1.30";

    /// <summary>The schema errors of each manifest, in order (empty = valid).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ValidateAsync(params JsonNode[] manifests)
    {
        var input = new JsonArray(manifests.Select(m => m.DeepClone()).ToArray()).ToJsonString();
        var output = await NodeScript.RunAsync("validate-manifest.cjs", input, SchemaVersion).ConfigureAwait(false);
        return JsonSerializer.Deserialize<List<List<string>>>(output)!.Select(errors => (IReadOnlyList<string>)errors).ToList();
    }

    /// <summary>The template with example values in place of the {{placeholders}} (what build.sh fills).</summary>
    public static JsonObject FilledTemplate(string appId = "00000000-0000-4000-8000-000000000001", string botId = "00000000-0000-4000-8000-000000000002", string domain = "sca.example.org", string version = "1.2.3", string? ssoClientId = null)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "manifest", "manifest.template.json"))
            .Replace("{{APP_ID}}", appId, StringComparison.Ordinal)
            .Replace("{{BOT_ID}}", botId, StringComparison.Ordinal)
            .Replace("{{SSO_CLIENT_ID}}", ssoClientId ?? botId, StringComparison.Ordinal)
            .Replace("{{DOMAIN}}", domain, StringComparison.Ordinal)
            .Replace("{{VERSION}}", version, StringComparison.Ordinal);
        return JsonNode.Parse(text)!.AsObject();
    }
}
