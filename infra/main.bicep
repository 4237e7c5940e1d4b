// Staff Conduct Assistant in Azure: one resource group with everything the app needs.
// `azd up` deploys this (see docs/deploy.md); the resources themselves are in resources.bicep.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the azd environment, e.g. "sca-prod". Used to name the resource group and resources.')
param environmentName string

@minLength(1)
@description('Azure region for everything except the bot (which is global), e.g. "uksouth".')
param location string

@description('Client id of the school\'s Entra app registration (docs/deploy.md, step 3): it calls Graph, holds the Teams consent and signs the tabs in. Empty until it exists.')
param entraAppClientId string = ''

@allowed([ 'Disabled', 'Enabled' ])
@description('Geo-redundant database backups (a copy in the paired region). Only takes effect when the server is first created (docs/deploy.md, "Your data").')
param postgresGeoRedundantBackup string = 'Disabled'

@description('Daily cap on Log Analytics ingestion, in GB (a number as text, e.g. "1" or "0.5"). Logging stops for the day when it is reached.')
param logDailyCapGb string = '1'

@allowed([ 'Disabled', 'Enabled' ])
@description('Application Insights for the app\'s traces and metrics (OpenTelemetry: requests, invoke latency by verb, outbox depth and age, Graph errors, decisions; ids and verbs only, no query strings). Its data goes into the capped Log Analytics workspace (docs/deploy.md, "Watching it work").')
param applicationInsights string = 'Disabled'

@description('Object id of the Entra group whose members are the Senior Leadership Team (Roles:SltGroupId).')
param sltGroupId string = ''

@description('Object id of the Headmistress\'s user account (Roles:HeadmistressUserId).')
param headmistressUserId string = ''

@description('Object id of the Entra group whose members are the school\'s staff (Roles:StaffGroupId); required once sltGroupId is set.')
param staffGroupId string = ''

@description('Object id of the Designated Safeguarding Lead\'s user account (Roles:DslUserId), sent every safeguarding concern.')
param dslUserId string = ''

@description('Object id of the user who decides concerns that name the Headmistress (Roles:DeciderWhenHeadmistressNamed).')
param deciderWhenHeadmistressNamed string = ''

@description('The app\'s id in Teams, the manifest id (Teams:ManifestAppId), for deep links from cards to the case page.')
param teamsManifestAppId string = ''

@description('The school mailbox approved letters are sent from (Letters:SenderMailbox). Empty: letters are printed by the School Office.')
param letterSenderMailbox string = ''

@description('The app\'s id in the organisation\'s Teams app catalog (Teams:CatalogAppId), to install it for the Headmistress. Empty: not installed automatically.')
param teamsCatalogAppId string = ''

var tags = { 'azd-env-name': environmentName }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'resources'
  scope: rg
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    entraAppClientId: entraAppClientId
    postgresGeoRedundantBackup: postgresGeoRedundantBackup
    logDailyCapGb: logDailyCapGb
    applicationInsights: applicationInsights
    sltGroupId: sltGroupId
    headmistressUserId: headmistressUserId
    staffGroupId: staffGroupId
    dslUserId: dslUserId
    deciderWhenHeadmistressNamed: deciderWhenHeadmistressNamed
    teamsManifestAppId: teamsManifestAppId
    letterSenderMailbox: letterSenderMailbox
    teamsCatalogAppId: teamsCatalogAppId
  }
}

// azd stores outputs as environment values (azd env get-values); the postprovision hook prints them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output WEB_APP_NAME string = resources.outputs.webAppName
output WEB_APP_HOST_NAME string = resources.outputs.webAppHostName
output BOT_ID string = resources.outputs.botId
output MANAGED_IDENTITY_CLIENT_ID string = resources.outputs.managedIdentityClientId
output MANAGED_IDENTITY_PRINCIPAL_ID string = resources.outputs.managedIdentityPrincipalId
output DATABASE_ADMIN_IDENTITY_NAME string = resources.outputs.databaseAdminName
output APPLICATION_ID_URI_PATTERN string = resources.outputs.applicationIdUriPattern
output APPLICATION_ID_URI string = resources.outputs.applicationIdUri
output POSTGRES_SERVER_NAME string = resources.outputs.postgresServerName
