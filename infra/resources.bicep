// Everything in the app's resource group. Names end in a token unique to subscription + group + environment,
// so two environments (e.g. test and production) never collide.

param environmentName string
param location string
param tags object

@secure()
param postgresAdminPassword string

param tabClientId string
param sltGroupId string
param headmistressUserId string
param letterSenderMailbox string
param teamsCatalogAppId string

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tenantId = tenant().tenantId
var postgresAdminLogin = 'scaadmin'
var databaseName = 'staffconduct'

// ---------------------------------------------------------------------------------------------
// Identity: one user-assigned managed identity. It is the bot (its client id is the Microsoft App ID),
// it calls Microsoft Graph (application permissions are granted to it, docs/deploy.md), and it reads
// the database connection string from Key Vault. There is no client secret anywhere.
// ---------------------------------------------------------------------------------------------
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${token}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Monitoring: Log Analytics keeps the app's console (JSON) logs, HTTP logs and platform logs;
// Application Insights (workspace-based) collects requests and failures.
// ---------------------------------------------------------------------------------------------
resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// ---------------------------------------------------------------------------------------------
// Network: the database has no public address. The web app reaches it through a virtual network
// (App Service "VNet integration"); the server's name resolves through a private DNS zone.
// ---------------------------------------------------------------------------------------------
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-${token}'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [ '10.40.0.0/16' ] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: '10.40.1.0/26'
          delegations: [ { name: 'web', properties: { serviceName: 'Microsoft.Web/serverFarms' } } ]
        }
      }
      {
        name: 'database'
        properties: {
          addressPrefix: '10.40.2.0/28'
          delegations: [ { name: 'postgres', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } } ]
        }
      }
    ]
  }
}

resource postgresDns 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  // Flexible server private access needs a zone ending in .postgres.database.azure.com.
  name: 'psql-${token}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource postgresDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: postgresDns
  name: 'vnet-${token}'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnet.id }
  }
}

// ---------------------------------------------------------------------------------------------
// Database: PostgreSQL flexible server, smallest burstable size, private access only.
// ---------------------------------------------------------------------------------------------
resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: 'psql-${token}'
  location: location
  tags: tags
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    backup: {
      // Point-in-time restore to any moment in the last 35 days (the maximum).
      backupRetentionDays: 35
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    network: {
      delegatedSubnetResourceId: vnet.properties.subnets[1].id
      privateDnsZoneArmResourceId: postgresDns.id
      publicNetworkAccess: 'Disabled'
    }
  }
  dependsOn: [ postgresDnsLink ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// ---------------------------------------------------------------------------------------------
// Key Vault holds the database connection string (with the password). The web app reads it as a
// Key Vault reference, authenticating as the managed identity; the value never appears in app settings.
// ---------------------------------------------------------------------------------------------
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${token}'
  location: location
  tags: tags
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
  }
}

resource connectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-connection-string'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${databaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
  }
}

// Built-in role "Key Vault Secrets User": read secret values, nothing else.
var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource identityReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: keyVaultSecretsUser
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------
// The web app: Linux, .NET 10, HTTPS only, always on, health check on /healthz.
// ---------------------------------------------------------------------------------------------
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${token}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    // B1: the smallest size with always on and VNet integration.
    name: 'B1'
    tier: 'Basic'
  }
  properties: {
    reserved: true
  }
}

resource web 'Microsoft.Web/sites@2024-04-01' = {
  name: 'app-${token}'
  location: location
  tags: union(tags, { 'azd-service-name': 'app' })
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    virtualNetworkSubnetId: vnet.properties.subnets[0].id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Only traffic to private addresses (the database) goes through the VNet; Teams, Graph and Entra are reached as usual.
      vnetRouteAllEnabled: false
    }
  }
}

// The host name Teams reaches the app on. App settings and the bot endpoint are built from it.
var host = web.properties.defaultHostName
var tabApplicationIdUri = 'api://${toLower(host)}/botid-${identity.properties.clientId}'

// Every setting is a configuration key the app binds: Section__Key = Section:Key.
// tests/StaffConductAssistant.Tests/Infra/InfraTests.cs fails if a name here stops matching the app.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: web
  name: 'appsettings'
  properties: {
    ASPNETCORE_ENVIRONMENT: 'Production'
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    ApplicationInsightsAgent_EXTENSION_VERSION: '~3'

    App__PublicBaseUrl: 'https://${host}/'

    Bot__AppId: identity.properties.clientId
    Bot__TenantId: tenantId
    Bot__ManagedIdentityClientId: identity.properties.clientId

    Database__Provider: 'Postgres'
    Database__ConnectionString: '@Microsoft.KeyVault(SecretUri=${connectionStringSecret.properties.secretUri})'

    Graph__TenantId: tenantId
    Graph__ClientId: identity.properties.clientId
    Graph__ManagedIdentityClientId: identity.properties.clientId

    // Tab sign-in: the separate app registration (a managed identity cannot expose an API). Empty falls back to the bot.
    TabAuth__ClientId: tabClientId
    TabAuth__TenantId: tenantId
    TabAuth__ApplicationIdUri: tabApplicationIdUri

    Roles__SltGroupId: sltGroupId
    Roles__HeadmistressUserId: headmistressUserId
    Letters__SenderMailbox: letterSenderMailbox
    Teams__CatalogAppId: teamsCatalogAppId
  }
  dependsOn: [ identityReadsSecrets, database ]
}

resource webDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: web
  name: 'to-log-analytics'
  properties: {
    workspaceId: logs.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// The Azure Bot: the managed identity is the bot's identity (no secret). Teams and Microsoft 365
// (Outlook) channels on; messages arrive at https://<host>/api/messages.
// ---------------------------------------------------------------------------------------------
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${token}'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: 'Staff Conduct Assistant'
    endpoint: 'https://${host}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

resource m365Channel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'M365Extensions'
  location: 'global'
  properties: {
    channelName: 'M365Extensions'
  }
}

output webAppName string = web.name
output webAppHostName string = host
output botId string = identity.properties.clientId
output managedIdentityClientId string = identity.properties.clientId
output managedIdentityPrincipalId string = identity.properties.principalId
output tabApplicationIdUri string = tabApplicationIdUri
output postgresServerName string = postgres.name
output keyVaultName string = vault.name
