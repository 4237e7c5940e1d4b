// Everything in the app's resource group. Names end in a token unique to subscription + group + environment,
// so two environments (e.g. test and production) never collide.

param environmentName string
param location string
param tags object

param entraAppClientId string
param postgresGeoRedundantBackup string
param logDailyCapGb string
param applicationInsights string
param sltGroupId string
param headmistressUserId string
param staffGroupId string
param dslUserId string
param deciderWhenHeadmistressNamed string
param teamsManifestAppId string
param letterSenderMailbox string
param teamsCatalogAppId string

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tenantId = tenant().tenantId
var databaseName = 'staffconduct'
var hasEntraApp = !empty(entraAppClientId)

// ---------------------------------------------------------------------------------------------
// Identities: no secret anywhere.
// - id-…: the app. It is the bot (its client id is the Microsoft App ID), it is the credential of the school's Entra
//   app that calls Graph (a federated identity credential on that app trusts it, docs/deploy.md step 3), and it signs
//   in to PostgreSQL as a role that can only read and write data.
// - id-db-…: the PostgreSQL Microsoft Entra administrator. The app uses it only at start, to apply migrations and to
//   give id-… its role and grants (Database:Migration* settings).
// ---------------------------------------------------------------------------------------------
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${token}'
  location: location
  tags: tags
}

resource databaseAdmin 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-db-${token}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Monitoring: Log Analytics keeps the app's console logs (structured, ids only) and App Service's platform logs, with
// a daily cap so a runaway log cannot run up a bill. No App Service HTTP logs: they record request URLs with their
// query strings, and the tabs' filters put parents' names there. Application Insights is optional (off unless
// applicationInsights is 'Enabled'): the app's OpenTelemetry never sends a query string or text from a concern
// (Hosting/Telemetry.cs; TelemetryTests searches everything it exports), and it writes into the same capped workspace.
// ---------------------------------------------------------------------------------------------
resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
    workspaceCapping: {
      dailyQuotaGb: json(logDailyCapGb)
    }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = if (applicationInsights == 'Enabled') {
  name: 'appi-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    IngestionMode: 'LogAnalytics'
    RetentionInDays: 30
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
// Database: PostgreSQL flexible server, smallest burstable size, private access only, Microsoft Entra sign-in only
// (no password exists), a delete lock, and 35 days of point-in-time restore.
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
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenantId
    }
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    backup: {
      // Point-in-time restore to any moment in the last 35 days (the maximum).
      backupRetentionDays: 35
      // Chosen once: it can only be set when the server is created (docs/deploy.md, "Your data").
      geoRedundantBackup: postgresGeoRedundantBackup
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

// The Microsoft Entra administrator: id-db-…, which only the start-up migration step uses.
module postgresEntraAdmin 'database-admin.bicep' = {
  name: 'database-admin'
  params: {
    serverName: postgres.name
    principalId: databaseAdmin.properties.principalId
    principalName: databaseAdmin.name
    tenantId: tenantId
  }
  // One change at a time on the server.
  dependsOn: [ database ]
}

// `azd down` or a slip in the portal must not delete the school's records and their backups with the server.
resource postgresLock 'Microsoft.Authorization/locks@2020-05-01' = {
  scope: postgres
  name: 'keep-the-school-records'
  properties: {
    level: 'CanNotDelete'
    notes: 'Deleting this server deletes every concern, decision and audit entry, and its backups. Remove this lock only to retire the app, after an export (docs/deploy.md).'
  }
}

// ---------------------------------------------------------------------------------------------
// Key Vault: the app has no secret to keep (every sign-in is a managed identity), so there is no vault and no
// Key Vault reference; the app still refuses to start on an unresolved one, should a school add a setting that way.
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// The web app: Linux, .NET 10, HTTPS only, always on, health check on /healthz, no FTP and no basic-auth publishing.
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
    userAssignedIdentities: {
      '${identity.id}': {}
      '${databaseAdmin.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: vnet.properties.subnets[0].id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // The web server's own request log (URLs with query strings) and failed-request traces: off, they can hold personal data.
      httpLoggingEnabled: false
      requestTracingEnabled: false
      detailedErrorLoggingEnabled: false
      // Only traffic to private addresses (the database) goes through the VNet; Teams, Graph and Entra are reached as usual.
      vnetRouteAllEnabled: false
    }
  }
}

// Publishing with a user name and password (FTP, and the scm site's basic auth) is off; azd deploys with Microsoft Entra.
resource webFtpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: web
  name: 'ftp'
  properties: { allow: false }
}

resource webScmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: web
  name: 'scm'
  properties: { allow: false }
}

// The host name Teams reaches the app on. App settings and the bot endpoint are built from it.
var host = web.properties.defaultHostName

// The Entra app's Application ID URI, in a form Entra accepts for new registrations: api://<host>/<its client id>.
var applicationIdUri = hasEntraApp ? 'api://${toLower(host)}/${entraAppClientId}' : ''

// The app's PostgreSQL role is named after its managed identity; no password, the token is the password.
var databaseConnectionString = 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${databaseName};Username=${identity.name};SSL Mode=VerifyFull'

// Every setting is a configuration key the app binds: Section__Key = Section:Key. No value is a secret.
// tests/StaffConductAssistant.Tests/Infra/InfraTests.cs fails if a name here stops matching the app.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: web
  name: 'appsettings'
  properties: {
    ASPNETCORE_ENVIRONMENT: 'Production'

    App__PublicBaseUrl: 'https://${host}/'

    Bot__AppId: identity.properties.clientId
    Bot__TenantId: tenantId
    Bot__ManagedIdentityClientId: identity.properties.clientId

    Database__Provider: 'Postgres'
    Database__ConnectionString: databaseConnectionString
    Database__ManagedIdentityClientId: identity.properties.clientId
    Database__AppRoleObjectId: identity.properties.principalId
    Database__MigrationUsername: databaseAdmin.name
    Database__MigrationManagedIdentityClientId: databaseAdmin.properties.clientId

    // Graph as the school's Entra app, signed in with the managed identity's token. Unset until the app exists (step 3).
    Graph__TenantId: hasEntraApp ? tenantId : ''
    Graph__ClientId: entraAppClientId
    Graph__ManagedIdentityClientId: identity.properties.clientId

    // Tab sign-in: the same Entra app (a managed identity cannot expose an API).
    TabAuth__ClientId: entraAppClientId
    TabAuth__TenantId: tenantId
    TabAuth__ApplicationIdUri: applicationIdUri

    Roles__SltGroupId: sltGroupId
    Roles__HeadmistressUserId: headmistressUserId
    Roles__StaffGroupId: staffGroupId
    Roles__DslUserId: dslUserId
    Roles__DeciderWhenHeadmistressNamed: deciderWhenHeadmistressNamed
    Teams__ManifestAppId: teamsManifestAppId
    Letters__SenderMailbox: letterSenderMailbox
    Teams__CatalogAppId: teamsCatalogAppId

    // Traces and metrics to Application Insights when it is enabled; empty: the app sends nothing.
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights == 'Enabled' ? insights!.properties.ConnectionString : ''
  }
  // The app's first start needs the database and its Entra administrator in place.
  dependsOn: [ database, postgresEntraAdmin ]
}

resource webDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: web
  name: 'to-log-analytics'
  properties: {
    workspaceId: logs.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
      // Its rows keep each request's query string (CsUriQuery), where the tabs' filters carry parents' names.
      { category: 'AppServiceHTTPLogs', enabled: false }
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
output databaseAdminName string = databaseAdmin.name
output applicationIdUriPattern string = 'api://${toLower(host)}/<Entra app client id>'
output applicationIdUri string = applicationIdUri
output postgresServerName string = postgres.name
