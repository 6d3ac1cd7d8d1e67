metadata name = 'cmk-orchestrator'
metadata description = '''
Deploys cmk-orchestrator: a Java 17 Function App on the Flex Consumption plan with a
user-assigned identity, its runtime storage (shared keys disabled, identity-based connections),
Log Analytics and Application Insights, the Event Grid wiring (HSM write events from ARM, and a
custom topic for the key events Managed HSM does not emit), and a custom ARM role with only the
actions needed to bind customer-managed keys, assigned at each managed scope.

Deployment order (bicep/README.md has the details):
1. Deploy with wireEventSubscriptions=false, then deploy the app code.
2. Deploy again with wireEventSubscriptions=true (Event Grid checks the functions exist).
3. With a new HSM: activate it (security domain download), then deploy with hsm.activated=true
   so that the app identity gets its Managed HSM local roles.
'''

@description('Optional. Region of every resource of the app.')
param location string = resourceGroup().location

@description('Required. Base name of the app (3-16 lowercase letters, digits and hyphens); resources are named func-<baseName>, id-<baseName>, and so on.')
@minLength(3)
@maxLength(16)
param baseName string

@description('Optional. Tags for every resource.')
param tags object = {}

@description('Required. Subscriptions or resource groups the app may act in (CMK_SCOPE_ALLOW_LIST). The custom role is assigned at each; the app refuses anything outside them.')
@minLength(1)
param managedScopes managedScopeType[]

@description('Required. Where ARM writes of Managed HSMs are watched: the resource group (or its subscription) where HSMs are created.')
param hsmWriteEvents hsmWriteEventsType

@description('Optional. Create the Event Grid subscriptions to the app. Leave false until the app code is deployed: Event Grid checks that the target function exists.')
param wireEventSubscriptions bool = false

@description('Optional. Name of the app function (@FunctionName) that receives ResourceWriteSuccess events for managedHSMs; tests/bicep-check checks the default against the Java code.')
param hsmWriteFunctionName string = 'OnResourceWrite'

@description('Optional. Name of the app function (@FunctionName) that receives key events; tests/bicep-check checks the default against the Java code.')
param keyEventFunctionName string = 'OnKeyEvent'

@description('Optional. Let the app create Managed HSMs (POST /api/hsms). Adds managedHSMs/write to the custom role.')
param hsmProvisioningEnabled bool = false

@description('Optional. A Managed HSM for the app: created here or existing, and whether the app identity gets its local roles on it now.')
param hsm hsmType?

@description('Optional. Object ID of the AzureDatabricks first-party application (app ID 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d) in this tenant; needed to bind Databricks managed services. Find it with: az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query id -o tsv.')
param databricksAppObjectId string = ''

@description('Optional. NCRONTAB schedule of the HSM event bridge (CMK_BRIDGE_SCHEDULE).')
param bridgeSchedule string = '0 */5 * * * *'

@description('Optional. NCRONTAB schedule of the health sweep (CMK_HEALTH_SCHEDULE).')
param healthSchedule string = '0 0 * * * *'

@description('Optional. Default ISO-8601 duration before expiry at which a near-expiry event is published (CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT).')
param notifyBeforeExpiryDefault string = 'P30D'

@description('Optional. Reconcile attempts before a work item goes to the poison queue (CMK_MAX_RECONCILE_ATTEMPTS). The default equals host.json extensions.queues.maxDequeueCount; retry/RetriesTest compares them.')
@minValue(1)
param maxReconcileAttempts int = 8

@description('Optional. Prefix of the app state tables (CMK_STATE_TABLE_PREFIX); letters and digits only.')
param stateTablePrefix string = 'cmk'

@description('Optional. Maximum number of instances of the Flex Consumption app.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

var scopeIds = [for s in managedScopes: empty(s.?resourceGroupName ?? '') ? '/subscriptions/${s.subscriptionId}' : '/subscriptions/${s.subscriptionId}/resourceGroups/${s.?resourceGroupName ?? ''}']

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${baseName}'
  location: location
  tags: tags
}

// Event Grid delivers and dead-letters with this identity, kept apart from the app's.
resource eventIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${baseName}-events'
  location: location
  tags: tags
}

module storage 'modules/app-storage.bicep' = {
  name: 'app-storage'
  params: {
    name: 'st${uniqueString(resourceGroup().id, baseName)}'
    location: location
    tags: tags
    appPrincipalId: appIdentity.properties.principalId
    eventDeliveryPrincipalId: eventIdentity.properties.principalId
  }
}

module monitoring 'modules/app-monitoring.bicep' = {
  name: 'app-monitoring'
  params: {
    baseName: baseName
    location: location
    tags: tags
    appPrincipalId: appIdentity.properties.principalId
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: 'asp-${baseName}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: 'func-${baseName}'
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${appIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      // One to one with local.settings.sample.json and AppSettings.java (checked by tests/bicep-check).
      // Flex Consumption takes runtime and version from functionAppConfig, not from
      // FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION settings.
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.outputs.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: appIdentity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.connectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${appIdentity.properties.clientId};Authorization=AAD' }
        { name: 'CMK_AZURE_CLIENT_ID', value: appIdentity.properties.clientId }
        { name: 'CMK_SUBSCRIPTION_ID', value: subscription().subscriptionId }
        { name: 'CMK_TENANT_ID', value: tenant().tenantId }
        { name: 'CMK_SCOPE_ALLOW_LIST', value: join(scopeIds, ',') }
        { name: 'CMK_ARM_ENDPOINT', value: environment().resourceManager }
        { name: 'CMK_EMULATOR_TRUST_STORE', value: '' }
        { name: 'CMK_EMULATOR_TRUST_STORE_PASSWORD', value: '' }
        // Local runs only (Azurite); in Azure the state uses AzureWebJobsStorage__accountName and the managed identity.
        { name: 'CMK_STORAGE_CONNECTION_STRING', value: '' }
        { name: 'CMK_STATE_TABLE_PREFIX', value: stateTablePrefix }
        { name: 'CMK_RECONCILE_QUEUE', value: storage.outputs.reconcileQueueName }
        { name: 'CMK_KEY_EVENTS_TOPIC_ENDPOINT', value: keyEvents.outputs.endpoint }
        { name: 'CMK_BRIDGE_SCHEDULE', value: bridgeSchedule }
        { name: 'CMK_HEALTH_SCHEDULE', value: healthSchedule }
        { name: 'CMK_DATABRICKS_APP_OBJECT_ID', value: databricksAppObjectId }
        { name: 'CMK_HSM_PROVISIONING_ENABLED', value: hsmProvisioningEnabled ? 'true' : 'false' }
        { name: 'CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT', value: notifyBeforeExpiryDefault }
        { name: 'CMK_MAX_RECONCILE_ATTEMPTS', value: string(maxReconcileAttempts) }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: storage.outputs.packageContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: appIdentity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    }
  }
}

// The topic names the app by ID rather than by symbol: the app's settings already depend on the
// topic's endpoint, and a symbolic reference back would be a cycle.
module keyEvents 'modules/key-events-topic.bicep' = {
  name: 'key-events-topic'
  params: {
    name: 'evgt-${baseName}-keys'
    location: location
    tags: tags
    appPrincipalId: appIdentity.properties.principalId
    eventIdentityResourceId: eventIdentity.id
    functionAppResourceId: resourceId('Microsoft.Web/sites', 'func-${baseName}')
    functionName: keyEventFunctionName
    wireEventSubscription: wireEventSubscriptions
    deadLetterStorageResourceId: storage.outputs.resourceId
    deadLetterContainerName: storage.outputs.deadLetterContainerName
  }
}

module hsmWrites 'modules/hsm-write-events.bicep' = {
  name: 'hsm-write-events'
  scope: resourceGroup(hsmWriteEvents.subscriptionId, hsmWriteEvents.resourceGroupName)
  params: {
    sourceKind: hsmWriteEvents.sourceKind
    tags: tags
    eventIdentityResourceId: eventIdentity.id
    functionAppResourceId: functionApp.id
    functionName: hsmWriteFunctionName
    wireEventSubscription: wireEventSubscriptions
    deadLetterStorageResourceId: storage.outputs.resourceId
    deadLetterContainerName: storage.outputs.deadLetterContainerName
  }
}

module customRole 'modules/app-role-definition.bicep' = {
  name: 'app-role-definition'
  scope: subscription()
  params: {
    baseName: baseName
    assignableScopes: scopeIds
    hsmProvisioningEnabled: hsmProvisioningEnabled
  }
}

module resourceGroupRoles 'modules/app-role-assignment.bicep' = [for s in filter(managedScopes, s => !empty(s.?resourceGroupName ?? '')): {
  name: 'app-role-${uniqueString(s.subscriptionId, s.?resourceGroupName ?? '')}'
  scope: resourceGroup(s.subscriptionId, s.?resourceGroupName ?? '')
  params: {
    roleDefinitionName: customRole.outputs.roleDefinitionName
    principalId: appIdentity.properties.principalId
  }
}]

module subscriptionRoles 'modules/app-role-assignment-subscription.bicep' = [for s in filter(managedScopes, s => empty(s.?resourceGroupName ?? '')): {
  name: 'app-role-${uniqueString(s.subscriptionId)}'
  scope: subscription(s.subscriptionId)
  params: {
    roleDefinitionName: customRole.outputs.roleDefinitionName
    principalId: appIdentity.properties.principalId
  }
}]

module managedHsm 'modules/managed-hsm.bicep' = if (hsm.?create ?? false) {
  name: 'managed-hsm'
  params: {
    name: hsm.?name ?? ''
    location: location
    tags: tags
    initialAdminObjectIds: hsm.?initialAdminObjectIds ?? []
  }
}

// The app's local roles on the HSM data plane, both at /keys (never "/"; the app never lists or
// writes anything at "/"):
// - Crypto User: create keys, set rotation policies, rotate, read keys. It cannot read or recover
//   soft-deleted keys, and cannot write role assignments.
// - Crypto Officer: read soft-deleted keys (GET /deletedkeys/<name>) and recover them, which the
//   app does when a key it expects is missing instead of re-creating it; and write role
//   assignments, for the "Crypto Service Encryption User" grants of bound resources at
//   /keys/<name>. That makes Policy Administrator redundant, so it is not granted.
// Crypto Officer also carries purge of deleted keys and key export. The app never calls either.
// And purge protection, which managed-hsm.bicep always turns on and which cannot be turned off,
// makes the HSM refuse any purge during the soft-delete retention period anyway (an existing HSM,
// hsm.create=false, has that guard only if its owners turned purge protection on).
module appHsmAccess 'modules/hsm-local-rbac.bicep' = if (hsm.?activated ?? false) {
  name: 'app-hsm-access'
  params: {
    hsmName: hsm.?name ?? ''
    location: location
    scriptIdentityResourceId: hsm.?scriptIdentityResourceId ?? ''
    allowKeyManagementThroughArm: hsm.?allowKeyManagementThroughArm ?? false
    grants: [
      {
        principalId: appIdentity.properties.principalId
        role: 'Managed HSM Crypto User'
        scope: '/keys'
      }
      {
        principalId: appIdentity.properties.principalId
        role: 'Managed HSM Crypto Officer'
        scope: '/keys'
      }
    ]
  }
  dependsOn: [
    managedHsm
  ]
}

@description('Name of the Function App, for deploying the code.')
output functionAppName string = functionApp.name

@description('Resource ID of the Function App.')
output functionAppResourceId string = functionApp.id

@description('Principal ID of the app identity: the principal of the custom role and of the Managed HSM local roles.')
output appPrincipalId string = appIdentity.properties.principalId

@description('Client ID of the app identity (CMK_AZURE_CLIENT_ID).')
output appClientId string = appIdentity.properties.clientId

@description('Endpoint of the key events topic (CMK_KEY_EVENTS_TOPIC_ENDPOINT).')
output keyEventsTopicEndpoint string = keyEvents.outputs.endpoint

@description('Name of the runtime storage account.')
output storageAccountName string = storage.outputs.name

@description('Name (GUID) of the custom ARM role definition.')
output customRoleDefinitionName string = customRole.outputs.roleDefinitionName

@description('Data-plane URI of the HSM created here, or an empty string when none was.')
output hsmUri string = (hsm.?create ?? false) ? managedHsm.outputs.hsmUri : ''

@description('A scope the app may act in.')
type managedScopeType = {
  @description('Required. Subscription ID (GUID).')
  subscriptionId: string

  @description('Optional. Resource group name; omit it to let the app act in the whole subscription.')
  resourceGroupName: string?
}

@description('Where ARM writes of Managed HSMs are watched.')
type hsmWriteEventsType = {
  @description('Required. Subscription ID of the resource group that receives the system topic.')
  subscriptionId: string

  @description('Required. Resource group where HSMs are created; the system topic lives there.')
  resourceGroupName: string

  @description('Required. Watch that resource group only, or its whole subscription.')
  sourceKind: 'ResourceGroup' | 'Subscription'
}

@description('A Managed HSM the app works with.')
type hsmType = {
  @description('Required. Name of the HSM (first label of its hsmUri).')
  name: string

  @description('Optional. Create the HSM in this resource group (true) or use an existing one (false, the default).')
  create: bool?

  @description('Conditional. Required when create is true: object IDs of the initial administrators; include the principal of scriptIdentityResourceId.')
  initialAdminObjectIds: string[]?

  @description('Optional. Set to true once the HSM is activated (security domain downloaded); only then are the app local roles granted.')
  activated: bool?

  @description('Conditional. Required when activated is true: resource ID of a user-assigned identity holding the Managed HSM Administrator local role, which runs the grant script.')
  scriptIdentityResourceId: string?

  @description('Optional. Also set AllowKeyManagementOperationsThroughARM=true, for keys created with modules/hsm-key.bicep. The app itself manages keys on the data plane and does not need it.')
  allowKeyManagementThroughArm: bool?
}
