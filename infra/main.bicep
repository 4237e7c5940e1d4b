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

@secure()
@description('Password of the PostgreSQL administrator. azd generates it once and keeps it in the environment; the app reads it from Key Vault.')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 32
      noSpecial: true
      minLower: 2
      minUpper: 2
      minNumeric: 2
    }
  }
})
param postgresAdminPassword string

@description('Client id of the Entra app registration for the tab sign-in (docs/deploy.md, step 3). Empty until it exists.')
param tabClientId string = ''

@description('Object id of the Entra group whose members are the Senior Leadership Team (Roles:SltGroupId).')
param sltGroupId string = ''

@description('Object id of the Headmistress\'s user account (Roles:HeadmistressUserId).')
param headmistressUserId string = ''

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
    postgresAdminPassword: postgresAdminPassword
    tabClientId: tabClientId
    sltGroupId: sltGroupId
    headmistressUserId: headmistressUserId
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
output TAB_APPLICATION_ID_URI string = resources.outputs.tabApplicationIdUri
output POSTGRES_SERVER_NAME string = resources.outputs.postgresServerName
output KEY_VAULT_NAME string = resources.outputs.keyVaultName
