metadata name = 'cmk-orchestrator ARM write events'
metadata description = '''
An Event Grid system topic on a resource group (or its subscription) and a subscription that
delivers Microsoft.Resources.ResourceWriteSuccess events to the app for writes of Managed HSMs
(chains waiting for an HSM continue as soon as ARM reports it written) and of the resource kinds
keys are bound to (storage accounts, disk encryption sets, Databricks workspaces): a key changed
there by someone else is re-checked at once, and the finding names who changed it, instead of
waiting for the hourly sweep. The app acts only on events whose subject is the full ARM ID of an
HSM or a bound resource it manages; its own writes come back too and are dropped by the caller's
object ID. Bound resources outside this source are still re-checked by the health sweep.

Deploy it into the resource group where the HSMs are created. Only ARM writes appear here:
Managed HSM data-plane operations (new key versions, role assignments) never raise these events;
the app's HSM event bridge covers them.

Azure allows one system topic per source ("There is an existing tracked system topic for the given
source ... Only one system topic is allowed per source"): when the resource group (or subscription)
already has one (the portal's Events blade, other automation), give its name in
existingSystemTopicName. The module then declares it `existing` and adds only the event
subscription: the topic, its identities and its other subscriptions stay as they are. That topic
must already hold the events identity (eventIdentityResourceId) for dead-lettering.
'''

@description('Optional. Watch writes in this resource group only (ResourceGroup) or in its whole subscription (Subscription).')
@allowed([
  'ResourceGroup'
  'Subscription'
])
param sourceKind string = 'ResourceGroup'

@description('Optional. Name of the system topic that already exists for this source, in this resource group; empty (default): the module creates one.')
param existingSystemTopicName string = ''

@description('Optional. Name of the system topic the module creates when existingSystemTopicName is empty.')
param systemTopicName string = 'cmk-hsm-writes-${uniqueString(resourceGroup().id, sourceKind)}'

@description('Required. Resource ID of the Log Analytics workspace that receives the delivery failures of a topic this module creates.')
param workspaceResourceId string

@description('Optional. Tags for the system topic.')
param tags object = {}

@description('Required. Resource ID of the user-assigned identity Event Grid dead-letters with.')
param eventIdentityResourceId string

@description('Required. Resource ID of the Function App.')
param functionAppResourceId string

@description('Optional. The ARM write operations delivered to the app: Managed HSMs and the kinds keys are bound to.')
param watchedOperations array = [
  'Microsoft.KeyVault/managedHSMs/write'
  'Microsoft.Storage/storageAccounts/write'
  'Microsoft.Compute/diskEncryptionSets/write'
  'Microsoft.Databricks/workspaces/write'
]

@description('Required. Name of the app function (its @FunctionName) that handles ARM write events.')
param functionName string

@description('Required. Create the event subscription. Event Grid checks that the function exists, so set it only once the app code is deployed.')
param wireEventSubscription bool

@description('Required. Resource ID of the storage account that holds the dead-letter container.')
param deadLetterStorageResourceId string

@description('Required. Name of the dead-letter container.')
param deadLetterContainerName string

@description('Optional. Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

var creating = empty(existingSystemTopicName)

resource createdTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = if (creating) {
  name: systemTopicName
  location: 'global'
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${eventIdentityResourceId}': {}
    }
  }
  properties: {
    source: sourceKind == 'Subscription' ? subscription().id : resourceGroup().id
    topicType: sourceKind == 'Subscription' ? 'Microsoft.Resources.Subscriptions' : 'Microsoft.Resources.ResourceGroups'
  }
}

// The topic the subscription hangs on, created above or already there: naming it `existing`
// reads nothing and writes nothing, so an existing topic is never replaced.
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: creating ? systemTopicName : existingSystemTopicName
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (creating) {
  name: 'to-log-analytics'
  scope: systemTopic
  properties: {
    workspaceId: workspaceResourceId
    logs: [
      {
        category: 'DeliveryFailures'
        enabled: true
      }
    ]
  }
  dependsOn: [
    createdTopic
  ]
}

resource toApp 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (wireEventSubscription) {
  parent: systemTopic
  name: 'hsm-writes-to-app'
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
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: watchedOperations
        }
      ]
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
  dependsOn: [
    createdTopic
  ]
}

@description('Resource ID of the system topic.')
output systemTopicResourceId string = systemTopic.id
