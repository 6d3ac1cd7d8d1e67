metadata name = 'cmk-orchestrator runtime storage'
metadata description = '''
The Function App's own storage account: host storage, the deployment package container of the
Flex Consumption plan, the reconcile queues, the state tables, and the Event Grid dead-letter
container. Shared-key access is disabled: every client connects with Entra ID, so the app
identity gets the data roles it needs and nothing on the management plane.
'''

@description('Required. Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Optional. Region of the account.')
param location string = resourceGroup().location

@description('Optional. Tags for the account.')
param tags object = {}

@description('Required. Principal ID of the app identity; it gets Blob Data Owner (the Functions host needs it for identity-based host storage), Queue Data Contributor and Table Data Contributor.')
param appPrincipalId string

@description('Required. Principal ID of the identity Event Grid dead-letters with; it gets Blob Data Contributor on the dead-letter container only.')
param eventDeliveryPrincipalId string

@description('Optional. Blob container the Flex Consumption plan deploys the app package from.')
param packageContainerName string = 'app-package'

@description('Optional. Blob container both event subscriptions dead-letter to.')
param deadLetterContainerName string = 'eventgrid-deadletter'

@description('Optional. Queue of delayed reconcile work; its looks at long-running operations go to "<name>-polls", and the Functions host adds "<name>-poison" and "<name>-polls-poison" itself.')
@minLength(3)
@maxLength(50)
param reconcileQueueName string = 'cmk-reconcile'

// Built-in Azure RBAC data roles (management-plane role definitions).
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}
var appRoles = [
  roles.blobDataOwner
  roles.queueDataContributor
  roles.tableDataContributor
]

resource account 'Microsoft.Storage/storageAccounts@2025-08-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-08-01' = {
  parent: account
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-08-01' = {
  parent: blobService
  name: packageContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-08-01' = {
  parent: blobService
  name: deadLetterContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-08-01' = {
  parent: account
  name: 'default'
}

resource reconcileQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-08-01' = {
  parent: queueService
  name: reconcileQueueName
}

// The PollOperation function's queue: looks at operations in flight get workers of their own (docs/concurrency.md 4).
resource pollQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-08-01' = {
  parent: queueService
  name: '${reconcileQueueName}-polls'
}

resource appDataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in appRoles: {
  name: guid(account.id, appPrincipalId, role)
  scope: account
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetterContainer.id, eventDeliveryPrincipalId, roles.blobDataContributor)
  scope: deadLetterContainer
  properties: {
    principalId: eventDeliveryPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
  }
}

@description('Name of the storage account (AzureWebJobsStorage__accountName).')
output name string = account.name

@description('Resource ID of the storage account; the dead-letter destination of both event subscriptions.')
output resourceId string = account.id

@description('URL of the deployment package container, for functionAppConfig.deployment.storage.value.')
output packageContainerUrl string = '${account.properties.primaryEndpoints.blob}${packageContainer.name}'

@description('Name of the dead-letter container.')
output deadLetterContainerName string = deadLetterContainer.name

@description('Name of the reconcile queue (CMK_RECONCILE_QUEUE).')
output reconcileQueueName string = reconcileQueue.name
