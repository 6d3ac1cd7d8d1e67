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
   so that the app identity gets its Managed HSM custom local role.

The HTTP API requires Entra ID sign-in (App Service authentication with the app registration in
apiAppRegistration); a deployment without one fails unless apiAuthDisabled opts out.
'''

@description('Optional. Region of every resource of the app.')
param location string = resourceGroup().location

@description('Required. Base name of the app: 3-16 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen; resources are named func-<baseName>, id-<baseName>, and so on.')
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

@description('Optional. Name of the app function (@FunctionName) that receives ResourceWriteSuccess events (Managed HSMs and bound resources); tests/bicep-check checks the default against the Java code.')
param hsmWriteFunctionName string = 'OnResourceWrite'

@description('Optional. Name of the app function (@FunctionName) that receives key events; tests/bicep-check checks the default against the Java code.')
param keyEventFunctionName string = 'OnKeyEvent'

@description('Optional. Let the app create Managed HSMs (POST /api/hsms). Adds managedHSMs/write to the custom role.')
param hsmProvisioningEnabled bool = false

@description('Optional. A Managed HSM for the app: created here or existing, and whether the app identity gets its local role on it now. Its resource group must lie within managedScopes.')
param hsm hsmType?

@description('Conditional. Entra ID app registration that protects the HTTP API (bicep/README.md, "Sign-in on the HTTP API"). Required unless apiAuthDisabled is true.')
param apiAppRegistration apiAppRegistrationType?

@description('Optional. Deploy the HTTP API without sign-in (CMK_API_AUTH=none), for a private test deployment nobody else can reach: nothing gates the HTTP routes then (they take no function key; the app\'s sign-in check is their only gate).')
param apiAuthDisabled bool = false

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

// Bicep has no @pattern decorator: the characters are checked here, before any resource is named.
var baseNameCharacters = 'abcdefghijklmnopqrstuvwxyz0123456789-'
var baseNameStrays = filter(range(0, length(baseName)), i => !contains(baseNameCharacters, substring(baseName, i, 1)))
var checkedBaseName = empty(baseNameStrays) && !startsWith(baseName, '-') && !endsWith(baseName, '-') && !contains('0123456789', substring(baseName, 0, 1)) ? baseName : fail('baseName \'${baseName}\' must hold only lowercase letters, digits and hyphens, start with a letter and not end with a hyphen.')

// The app refuses every binding whose HSM lies outside CMK_SCOPE_ALLOW_LIST, and its custom ARM role
// (managedHSMs/read) is assigned only at managedScopes: an HSM elsewhere would be unusable. Adding
// its resource group silently would widen what the app may write, so the deployment stops instead.
var hsmResourceGroupId = '/subscriptions/${hsm.?subscriptionId ?? ''}/resourceGroups/${hsm.?resourceGroupName ?? ''}'
var lowerScopeIds = map(scopeIds, id => toLower(id))
var hsmInScope = hsm == null || contains(lowerScopeIds, toLower('/subscriptions/${hsm.?subscriptionId ?? ''}')) || contains(lowerScopeIds, toLower(hsmResourceGroupId))
var scopeAllowList = hsmInScope ? join(scopeIds, ',') : fail('The HSM \'${hsm.?name ?? ''}\' lies in ${hsmResourceGroupId}, outside managedScopes (${join(scopeIds, ', ')}): the app would refuse every binding against it. Add that resource group (or its subscription) to managedScopes, or put the HSM in a managed resource group.')

// CMK_API_AUTH: Entra ID sign-in unless the deployment opts out explicitly.
var apiAuth = apiAuthDisabled ? 'none' : (empty(apiAppRegistration.?clientId ?? '') ? fail('apiAppRegistration.clientId is required: the HTTP API accepts only Entra ID callers with an app role (bicep/README.md, "Sign-in on the HTTP API"). For a private test deployment only, set apiAuthDisabled=true instead.') : 'entra')
var apiClientId = apiAppRegistration.?clientId ?? ''
var apiTenantId = apiAppRegistration.?tenantId ?? tenant().tenantId
// Event Grid delivers to the Functions host's webhook with the Event Grid system key; it cannot
// sign in, so only this path is left to the key. Event Grid itself spells it with capitals; both
// spellings are listed because App Service does not document whether the match ignores case.
var eventGridWebhookPaths = [
  '/runtime/webhooks/eventgrid'
  '/runtime/webhooks/EventGrid'
]

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${checkedBaseName}'
  location: location
  tags: tags
}

// Event Grid delivers and dead-letters with this identity, kept apart from the app's.
resource eventIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${checkedBaseName}-events'
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
    baseName: checkedBaseName
    location: location
    tags: tags
    appPrincipalId: appIdentity.properties.principalId
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: 'asp-${checkedBaseName}'
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
  name: 'func-${checkedBaseName}'
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
        { name: 'CMK_SCOPE_ALLOW_LIST', value: scopeAllowList }
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
        { name: 'CMK_API_AUTH', value: apiAuth }
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

// App Service authentication in front of every function: a caller needs an Entra ID token for
// this app registration (audience api://<clientId> or the client ID); anonymous calls get 401.
// Which app role (CmkOrchestrator.Operator / CmkOrchestrator.Reader) a route needs is the app's
// check (CMK_API_AUTH=entra): App Service authentication validates tokens, not roles.
resource apiAuthentication 'Microsoft.Web/sites/config@2024-11-01' = if (apiAuth == 'entra') {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: eventGridWebhookPaths
    }
    httpSettings: {
      requireHttps: true
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${apiTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${apiClientId}'
            apiClientId
          ]
        }
      }
    }
  }
}

resource functionAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: functionApp
  properties: {
    workspaceId: monitoring.outputs.workspaceResourceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
  }
}

// The topic names the app by ID rather than by symbol: the app's settings already depend on the
// topic's endpoint, and a symbolic reference back would be a cycle.
module keyEvents 'modules/key-events-topic.bicep' = {
  name: 'key-events-topic'
  params: {
    name: 'evgt-${checkedBaseName}-keys'
    location: location
    tags: tags
    appPrincipalId: appIdentity.properties.principalId
    eventIdentityResourceId: eventIdentity.id
    functionAppResourceId: resourceId('Microsoft.Web/sites', 'func-${checkedBaseName}')
    functionName: keyEventFunctionName
    wireEventSubscription: wireEventSubscriptions
    deadLetterStorageResourceId: storage.outputs.resourceId
    deadLetterContainerName: storage.outputs.deadLetterContainerName
    workspaceResourceId: monitoring.outputs.workspaceResourceId
  }
}

module hsmWrites 'modules/hsm-write-events.bicep' = {
  name: 'hsm-write-events'
  scope: resourceGroup(hsmWriteEvents.subscriptionId, hsmWriteEvents.resourceGroupName)
  params: {
    sourceKind: hsmWriteEvents.sourceKind
    existingSystemTopicName: hsmWriteEvents.?existingSystemTopicName ?? ''
    workspaceResourceId: monitoring.outputs.workspaceResourceId
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
    baseName: checkedBaseName
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
  scope: resourceGroup(hsm.?subscriptionId ?? subscription().subscriptionId, hsm.?resourceGroupName ?? resourceGroup().name)
  params: {
    name: hsm.?name ?? fail('hsm.name is required.')
    location: location
    tags: tags
    initialAdminObjectIds: empty(hsm.?initialAdminObjectIds ?? []) ? fail('hsm.initialAdminObjectIds is required when hsm.create is true: only these principals can activate the new HSM; include the principal of hsm.scriptIdentityResourceId.') : (hsm.?initialAdminObjectIds ?? [])
    softDeleteRetentionInDays: hsm.?softDeleteRetentionInDays ?? 90
    publicNetworkAccess: hsm.?publicNetworkAccess ?? 'Enabled'
    networkAcls: hsm.?networkAcls ?? {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
      ipRules: []
    }
    workspaceResourceId: monitoring.outputs.workspaceResourceId
  }
}

// The app's rights on the HSM data plane: the custom local role "cmk-orchestrator key operator" at
// /keys, with exactly the data actions the app uses (docs/concurrency.md section 7), instead of
// Crypto User plus Crypto Officer. No purge, delete, export, backup, import or cryptographic use.
module appHsmAccess 'modules/hsm-local-rbac.bicep' = if (hsm.?activated ?? false) {
  name: 'app-hsm-access'
  params: {
    hsmName: hsm.?name ?? fail('hsm.name is required.')
    location: location
    scriptIdentityResourceId: empty(hsm.?scriptIdentityResourceId ?? '') ? fail('hsm.scriptIdentityResourceId is required when hsm.activated is true: the local role is created by a deployment script that runs as that identity, which must hold the Managed HSM Administrator local role at "/".') : (hsm.?scriptIdentityResourceId ?? '')
    allowKeyManagementThroughArm: hsm.?allowKeyManagementThroughArm ?? false
    appRole: {
      principalId: appIdentity.properties.principalId
      revokeLegacyRoles: hsm.?revokeLegacyAppRoles ?? false
    }
  }
  dependsOn: [
    managedHsm
  ]
}

@description('Name of the Function App, for deploying the code.')
output functionAppName string = functionApp.name

@description('Resource ID of the Function App.')
output functionAppResourceId string = functionApp.id

@description('Principal ID of the app identity: the principal of the custom ARM role and of the Managed HSM custom local role.')
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

@description('Name (GUID) of the custom local role "cmk-orchestrator key operator" on the HSM, or an empty string when no local role was granted in this deployment.')
output hsmAppRoleDefinitionName string = (hsm.?activated ?? false) ? appHsmAccess.outputs.appRoleDefinitionName : ''

@description('The HTTP API sign-in in force (CMK_API_AUTH): entra or none.')
output apiAuth string = apiAuth

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

  @description('Optional. Name of the Event Grid system topic that already exists for this source, in resourceGroupName (Azure allows one per source); the event subscription is added to it and the topic is left as it is. It must already hold the events identity (id-<baseName>-events) for dead-lettering.')
  existingSystemTopicName: string?
}

@description('A Managed HSM the app works with.')
type hsmType = {
  @description('Required. Name of the HSM (first label of its hsmUri).')
  name: string

  @description('Required. Subscription ID of the HSM.')
  subscriptionId: string

  @description('Required. Resource group of the HSM: where it is created, or where it is. It must lie within managedScopes.')
  resourceGroupName: string

  @description('Optional. Create the HSM (true) or use an existing one (false, the default). Every deployment with true PUTs the HSM again, so properties fixed at creation (softDeleteRetentionInDays) must not change afterwards.')
  create: bool?

  @description('Conditional. Required when create is true: object IDs of the initial administrators; include the principal of scriptIdentityResourceId.')
  initialAdminObjectIds: string[]?

  @description('Optional. When create is true: days a deleted HSM stays recoverable and keeps billing (7-90, default 90). Purge protection is always on, so a deleted HSM cannot be purged sooner. Use 7 for a test deployment. Fixed at creation.')
  @minValue(7)
  @maxValue(90)
  softDeleteRetentionInDays: int?

  @description('Optional. When create is true: Enabled (default) or Disabled; with Disabled, reach the HSM through a private endpoint (the deployment script and the app too).')
  publicNetworkAccess: ('Enabled' | 'Disabled')?

  @description('Optional. When create is true: network rules; default: allow every network, trusted Azure services bypass (bicep/README.md, "Network access to the HSM").')
  networkAcls: hsmNetworkAclsType?

  @description('Optional. Set to true once the HSM is activated (security domain downloaded); only then is the app local role granted.')
  activated: bool?

  @description('Conditional. Required when activated is true: resource ID of a user-assigned identity holding the Managed HSM Administrator local role, which runs the grant script.')
  scriptIdentityResourceId: string?

  @description('Optional. Also set AllowKeyManagementOperationsThroughARM=true, for keys created with modules/hsm-key.bicep. The app itself manages keys on the data plane and does not need it.')
  allowKeyManagementThroughArm: bool?

  @description('Optional. Delete the Crypto User and Crypto Officer assignments at /keys that earlier versions of this template gave the app (default false: the deployment script only reports them).')
  revokeLegacyAppRoles: bool?
}

@description('Network rules of a new HSM (as modules/managed-hsm.bicep takes them).')
type hsmNetworkAclsType = {
  @description('Required. Action when no rule matches.')
  defaultAction: 'Allow' | 'Deny'

  @description('Required. Whether trusted Azure services bypass the rules; CMK services need AzureServices when defaultAction is Deny.')
  bypass: 'AzureServices' | 'None'

  @description('Required. Public IPv4 addresses or CIDR ranges allowed when defaultAction is Deny.')
  ipRules: string[]
}

@description('The Entra ID app registration of the HTTP API.')
type apiAppRegistrationType = {
  @description('Required. Application (client) ID of the app registration; tokens must be issued for api://<clientId> or the client ID.')
  clientId: string

  @description('Optional. Tenant ID of the app registration; default: the tenant of this deployment.')
  tenantId: string?
}
