metadata name = 'cmk-orchestrator key events topic'
metadata description = '''
An Event Grid custom topic for the key events Managed HSM never emits (new version, near expiry,
expired), which cmk-orchestrator's HSM event bridge publishes in the Key Vault event schema, and
a subscription that delivers them back to the app's Event Grid function.

The topic accepts Entra ID publishers only (local keys disabled): the app identity gets EventGrid
Data Sender on this topic and nothing else. Undeliverable events are dead-lettered to blob
storage with the event identity, since the storage account has shared keys disabled.
'''

@description('Required. Name of the custom topic.')
param name string

@description('Optional. Region of the topic.')
param location string = resourceGroup().location

@description('Optional. Tags for the topic.')
param tags object = {}

@description('Required. Principal ID of the app identity, which publishes to the topic.')
param appPrincipalId string

@description('Required. Resource ID of the user-assigned identity Event Grid dead-letters with.')
param eventIdentityResourceId string

@description('Required. Resource ID of the Function App.')
param functionAppResourceId string

@description('Required. Name of the app function (its @FunctionName) that handles key events.')
param functionName string

@description('Required. Create the event subscription. Event Grid checks that the function exists, so set it only once the app code is deployed.')
param wireEventSubscription bool

@description('Required. Resource ID of the storage account that holds the dead-letter container.')
param deadLetterStorageResourceId string

@description('Required. Name of the dead-letter container.')
param deadLetterContainerName string

@description('Required. Resource ID of the Log Analytics workspace that receives the topic\'s publish and delivery failures.')
param workspaceResourceId string

@description('Optional. Event types delivered to the app; the bridge publishes Key Vault event type names.')
param keyEventTypes string[] = [
  'Microsoft.KeyVault.KeyNewVersionCreated'
  'Microsoft.KeyVault.KeyNearExpiry'
  'Microsoft.KeyVault.KeyExpired'
]

@description('Optional. Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${eventIdentityResourceId}': {}
    }
  }
  properties: {
    inputSchema: 'EventGridSchema'
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: topic
  properties: {
    workspaceId: workspaceResourceId
    logs: [
      {
        category: 'PublishFailures'
        enabled: true
      }
      {
        category: 'DeliveryFailures'
        enabled: true
      }
    ]
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, appPrincipalId, eventGridDataSender)
  scope: topic
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender)
  }
}

resource toApp 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = if (wireEventSubscription) {
  parent: topic
  name: 'key-events-to-app'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionAppResourceId}/functions/${functionName}'
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: keyEventTypes
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: eventIdentityResourceId
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorageResourceId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

@description('Endpoint the app publishes to (CMK_KEY_EVENTS_TOPIC_ENDPOINT).')
output endpoint string = topic.properties.endpoint

@description('Resource ID of the topic.')
output resourceId string = topic.id
