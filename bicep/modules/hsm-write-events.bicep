metadata name = 'cmk-orchestrator HSM write events'
metadata description = '''
An Event Grid system topic on a resource group (or its subscription) and a subscription that
delivers Microsoft.Resources.ResourceWriteSuccess events for Microsoft.KeyVault/managedHSMs/write
to the app, so that chains waiting for an HSM continue as soon as ARM reports it written.

Deploy it into the resource group where the HSMs are created. Only ARM writes appear here:
Managed HSM data-plane operations (new key versions, role assignments) never raise these events;
the app's HSM event bridge covers them. Azure allows one system topic per source: if the
resource group (or subscription) already has one, give its name in systemTopicName.
'''

@description('Optional. Watch writes in this resource group only (ResourceGroup) or in its whole subscription (Subscription).')
@allowed([
  'ResourceGroup'
  'Subscription'
])
param sourceKind string = 'ResourceGroup'

@description('Optional. Name of the system topic; an existing topic of the same source is reused.')
param systemTopicName string = 'cmk-hsm-writes-${uniqueString(resourceGroup().id, sourceKind)}'

@description('Optional. Tags for the system topic.')
param tags object = {}

@description('Required. Resource ID of the user-assigned identity Event Grid dead-letters with.')
param eventIdentityResourceId string

@description('Required. Resource ID of the Function App.')
param functionAppResourceId string

@description('Required. Name of the app function (its @FunctionName) that handles HSM write events.')
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

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
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
          values: [
            'Microsoft.KeyVault/managedHSMs/write'
          ]
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
}

@description('Resource ID of the system topic.')
output systemTopicResourceId string = systemTopic.id
