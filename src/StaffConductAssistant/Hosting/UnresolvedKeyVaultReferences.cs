namespace StaffConductAssistant.Hosting;

/// <summary>
/// App Service puts a secret into an app setting whose value is <c>@Microsoft.KeyVault(...)</c>. When it cannot (the
/// identity's access to the vault is not in force yet, the vault is unreachable, the secret is missing), the app gets the
/// reference text itself (Learn: "Use Key Vault references as app settings in Azure App Service"). Used as, say, a
/// connection string it fails later and obscurely, and the app restarts in a loop; so it stops at once, naming the setting.
/// </summary>
public static class UnresolvedKeyVaultReferences
{
    public const string Prefix = "@Microsoft.KeyVault(";

    public static void Refuse(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var unresolved = configuration.AsEnumerable()
            .Where(setting => setting.Value is { } value && value.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            .Select(setting => setting.Key)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (unresolved.Count > 0)
        {
            // Names only: never a value.
            throw new InvalidOperationException(
                $"The setting{(unresolved.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unresolved)} still read '{Prefix}...': App Service has not "
                + "resolved the Key Vault reference, so the app will not start with it. Check the reference's status in the Azure portal "
                + "(web app → Settings → Environment variables), then refresh the references and restart the app: `azd hooks run postprovision` "
                + "(docs/deploy.md, \"If the app does not start\").");
        }
    }
}
