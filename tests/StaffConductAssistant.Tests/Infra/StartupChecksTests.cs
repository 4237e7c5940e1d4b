using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Infra;

public class StartupChecksTests
{
    [Fact]
    public void TheAppRefusesToStartWithAnUnresolvedKeyVaultReferenceAndNamesTheSetting()
    {
        using var host = new AppHost("Production", new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-4000-8000-0000000000b0",
            ["Bot:TenantId"] = "00000000-0000-4000-8000-0000000000a0",
            ["Letters:SenderMailbox"] = "@Microsoft.KeyVault(SecretUri=https://kv-example.vault.azure.net/secrets/mailbox/)",
        });

        var error = Assert.ThrowsAny<Exception>(() => host.BaseAddress);

        var message = Flatten(error);
        Assert.Contains("Letters:SenderMailbox", message, StringComparison.Ordinal);
        Assert.Contains("Key Vault reference", message, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-example", message, StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join("\n", aggregate.InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is { } inner ? "\n" + Flatten(inner) : string.Empty);
}
