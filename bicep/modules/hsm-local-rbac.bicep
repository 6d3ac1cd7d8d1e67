metadata name = 'Managed HSM local RBAC'
metadata description = '''
Grants Managed HSM *local* roles (data plane) through an Azure CLI deployment script, and can
turn on AllowKeyManagementOperationsThroughARM.

Why a script: local RBAC lives only in the HSM data plane (https://<name>.managedhsm.azure.net).
No ARM or Bicep resource type can create it; a Microsoft.Authorization/roleAssignments on the HSM
grants management-plane rights only and no key access.

Prerequisites:
- The HSM is activated (security domain downloaded). Before that every data-plane call fails.
- The script identity holds the Managed HSM Administrator local role at scope "/" (for a new HSM:
  put its principal ID in initialAdminObjectIds of managed-hsm.bicep).
- The deployer may create Microsoft.Resources/deploymentScripts, the container instance and the
  temporary storage account the script service makes, and may assign the script identity
  (Microsoft.ManagedIdentity/userAssignedIdentities/assign/action).

Grants are idempotent (an existing one is kept) and limited to the /keys scope or a /keys/<name>
scope: the script refuses "/" so that nothing here can reach the security domain or backups.
'''

@description('Required. Name of the Managed HSM: the first label of its hsmUri.')
param hsmName string

@description('Required. Local role assignments to make; an existing assignment is kept as it is.')
param grants localRoleGrantType[]

@description('Optional. Also set the HSM setting AllowKeyManagementOperationsThroughARM=true, which Microsoft.KeyVault/managedHSMs/keys needs.')
param allowKeyManagementThroughArm bool = false

@description('Required. Resource ID of the user-assigned identity the script runs as; it must hold the Managed HSM Administrator local role at scope "/".')
param scriptIdentityResourceId string

@description('Optional. Region of the script container.')
param location string = resourceGroup().location

@description('Optional. Azure CLI version of the script container image (2.42 or newer has the Managed HSM role and setting commands).')
param azCliVersion string = '2.67.0'

@description('Optional. Seconds to wait after a new grant before the deployment moves on, so that a CMK bind right after it does not race the grant.')
@minValue(0)
@maxValue(600)
param settleSeconds int = 60

@description('Optional. Changes on every deployment by default, so the script re-checks the grants each time (it is idempotent).')
param forceUpdateTag string = utcNow()

@description('Optional. Name of the deployment script resource.')
param scriptName string = 'hsm-local-rbac-${uniqueString(hsmName, string(grants))}'

resource script 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: scriptName
  location: location
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${scriptIdentityResourceId}': {}
    }
  }
  properties: {
    azCliVersion: azCliVersion
    scriptContent: loadTextContent('../scripts/hsm-local-rbac.sh')
    environmentVariables: [
      { name: 'HSM_NAME', value: hsmName }
      { name: 'GRANTS', value: join(map(grants, g => '${g.principalId}|${g.role}|${g.scope}'), '\n') }
      { name: 'ALLOW_ARM', value: allowKeyManagementThroughArm ? 'true' : 'false' }
      { name: 'SETTLE_SECONDS', value: string(settleSeconds) }
    ]
    forceUpdateTag: forceUpdateTag
    timeout: 'PT30M'
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
  }
}

@description('Number of role assignments the script created in this run (0 when all existed).')
output grantedCount int = script.properties.outputs.granted

@description('A Managed HSM local role grant.')
type localRoleGrantType = {
  @description('Required. Object ID of the service principal or managed identity. Grant principals directly: the HSM data plane does not honour group membership of service principals.')
  principalId: string

  @description('Required. Local role to grant.')
  role: localRoleType

  @description('Required. Local scope: "/keys" for every key, or "/keys/<name>" for all versions of one key.')
  scope: string
}

@description('''Managed HSM local roles this module grants (role definition IDs in brackets):
Crypto Service Encryption User [33413926-3206-4cdd-b39a-83574fe37a17]: get, wrap, unwrap; for resource identities (Storage, DES, Databricks).
Crypto User [21dbd100-6940-42c2-9190-5d6cb909625b]: create, rotate, rotation policy; no reading or recovering deleted keys, no purge, no export, no role assignments.
Crypto Officer [515eb02d-2335-4d2d-92f2-b1cbdf9c3778]: read and recover deleted keys, role assignments; also purge of deleted keys and export, no other key operations.
Policy Administrator [4bd23610-cdcf-4971-bdee-bdc562cc28e4]: create and delete role assignments only.
Crypto Auditor [2c18b078-7c48-4d3a-af88-5a3a1b3f82b3]: read key attributes.''')
type localRoleType = 'Managed HSM Crypto Service Encryption User' | 'Managed HSM Crypto User' | 'Managed HSM Crypto Officer' | 'Managed HSM Policy Administrator' | 'Managed HSM Crypto Auditor'
