using Azure.Identity;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Infra;

/// <summary>
/// In Azure, Graph is called as the school's Entra app (the one the manifest's webApplicationInfo names, so the RSC
/// consent and the Graph permissions are its), with the managed identity's token as its client assertion: no secret.
/// These are the settings infra/resources.bicep gives the web app.
/// </summary>
public class GraphIdentityTests
{
    private const string Tenant = "00000000-0000-4000-8000-0000000000a0";
    private const string EntraApp = "00000000-0000-4000-8000-0000000000c1";
    private const string ManagedIdentity = "00000000-0000-4000-8000-0000000000b0";

    [Fact]
    public void TheEntraAppSignsInWithTheManagedIdentitysTokenAsItsAssertion()
    {
        var options = new GraphOptions { TenantId = Tenant, ClientId = EntraApp, ManagedIdentityClientId = ManagedIdentity };

        Assert.IsType<ClientAssertionCredential>(AppGraphClientFactory.CreateCredential(options));
    }

    [Fact]
    public async Task TheAssertionIsAManagedIdentityTokenForTheTokenExchangeAudience()
    {
        var managedIdentity = new FakeTokenCredential("managed-identity-token");

        var assertion = await AppGraphClientFactory.AssertionFrom(managedIdentity)(CancellationToken.None);

        Assert.Equal("managed-identity-token", assertion);
        Assert.Equal(["api://AzureADTokenExchange/.default"], Assert.Single(managedIdentity.Scopes));
    }

    [Fact]
    public void TheManagedIdentityItselfOrASecretStillWorkForOtherSetUps()
    {
        Assert.IsType<ManagedIdentityCredential>(AppGraphClientFactory.CreateCredential(
            new GraphOptions { TenantId = Tenant, ClientId = ManagedIdentity, ManagedIdentityClientId = ManagedIdentity }));
        Assert.IsType<ClientSecretCredential>(AppGraphClientFactory.CreateCredential(
            new GraphOptions { TenantId = Tenant, ClientId = EntraApp, ClientSecret = "developer-secret" }));
    }
}
