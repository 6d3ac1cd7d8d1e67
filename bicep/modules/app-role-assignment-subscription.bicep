metadata name = 'cmk-orchestrator role at a subscription'
metadata description = 'Assigns the cmk-orchestrator custom role to the app identity at the subscription this module is deployed to.'

targetScope = 'subscription'

@description('Required. Name (GUID) of the custom role definition.')
param roleDefinitionName string

@description('Required. Principal ID of the app identity.')
param principalId string

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, roleDefinitionName)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionName)
  }
}

@description('Resource ID of the role assignment.')
output resourceId string = assignment.id
