// The PostgreSQL server's Microsoft Entra administrator. A module of its own because the resource's name is the
// identity's object id, which exists only once the identity does (a module parameter may be a run-time value).

param serverName string
param principalId string
param principalName string
param tenantId string

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' existing = {
  name: serverName
}

resource entraAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: postgres
  name: principalId
  properties: {
    principalType: 'ServicePrincipal'
    principalName: principalName
    tenantId: tenantId
  }
}
