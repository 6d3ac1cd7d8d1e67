metadata name = 'cmk-orchestrator custom role'
metadata description = '''
The custom ARM role the app needs to bind customer-managed keys, and nothing more: read and write
the three CMK targets, create user-assigned identities and assign them to those resources, and
read Managed HSMs. Writing Managed HSMs is added only when HSM provisioning through the app is
switched on. Key access itself is not here: it is Managed HSM local RBAC (hsm-local-rbac.bicep).
'''

targetScope = 'subscription'

@description('Required. Base name of the app; the role is named "cmk-orchestrator CMK binder (<baseName>, <subscription ID>)".')
param baseName string

@description('Required. ARM IDs of the subscriptions or resource groups where the role may be assigned.')
@minLength(1)
param assignableScopes string[]

@description('Required. Whether the app may create Managed HSMs (CMK_HSM_PROVISIONING_ENABLED).')
param hsmProvisioningEnabled bool

var bindActions = [
  // CMK targets: read the current binding, write the new one.
  'Microsoft.Storage/storageAccounts/read'
  'Microsoft.Storage/storageAccounts/write'
  'Microsoft.Compute/diskEncryptionSets/read'
  'Microsoft.Compute/diskEncryptionSets/write'
  'Microsoft.Compute/locations/DiskOperations/read'
  'Microsoft.Databricks/workspaces/read'
  'Microsoft.Databricks/workspaces/write'
  // Identities the bound resources use to reach their key.
  'Microsoft.ManagedIdentity/userAssignedIdentities/read'
  'Microsoft.ManagedIdentity/userAssignedIdentities/write'
  'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action'
  // HSM state (hsmUri, activation status) for the HsmReady step.
  'Microsoft.KeyVault/managedHSMs/read'
  'Microsoft.Resources/subscriptions/resourceGroups/read'
]
var hsmProvisioningActions = [
  'Microsoft.KeyVault/managedHSMs/write'
  'Microsoft.KeyVault/locations/managedHsmOperationResults/read'
]

// Role names are unique per tenant, role definitions live per subscription: the subscription is
// in both, so the same baseName can be deployed in a second subscription.
resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'cmk-orchestrator', baseName)
  properties: {
    roleName: 'cmk-orchestrator CMK binder (${baseName}, ${subscription().subscriptionId})'
    description: 'Lets cmk-orchestrator bind Managed HSM customer-managed keys to Storage, Disk Encryption Sets and Databricks.'
    type: 'CustomRole'
    permissions: [
      {
        actions: hsmProvisioningEnabled ? concat(bindActions, hsmProvisioningActions) : bindActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

@description('Name (GUID) of the role definition, to assign at each managed scope.')
output roleDefinitionName string = role.name

@description('Actions the role grants.')
output actions string[] = role.properties.permissions[0].actions
