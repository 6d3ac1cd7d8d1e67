metadata name = 'Managed HSM local RBAC'
metadata description = '''
Managed HSM *local* role grants (data plane) through an Azure CLI deployment script
(../scripts/hsm-local-rbac.sh):
- with appRole: the custom role "cmk-orchestrator key operator" (exactly the data actions the app
  uses, docs/concurrency.md section 7) under a name derived from the HSM and the role name, and
  its assignment to the app at /keys;
- grants: Crypto Service Encryption User (or Crypto Auditor) for resource identities, at /keys or
  /keys/<name>;
- optionally AllowKeyManagementOperationsThroughARM.

Why a script: local RBAC lives only in the HSM data plane (https://<name>.managedhsm.azure.net).
No ARM or Bicep resource type can create it; a Microsoft.Authorization/roleAssignments on the HSM
grants management-plane rights only and no key access.

Prerequisites:
- The HSM is activated (security domain downloaded). Before that every data-plane call fails, and
  the script stops and says so.
- The script identity holds the Managed HSM Administrator local role at scope "/" (for a new HSM:
  put its principal ID in initialAdminObjectIds of managed-hsm.bicep).
- The deployer may create Microsoft.Resources/deploymentScripts, the container instance and the
  temporary storage account the script service makes, and may assign the script identity
  (Microsoft.ManagedIdentity/userAssignedIdentities/assign/action).

Idempotent: what exists and matches is kept. The script refuses "/" as a grant scope and every
broad built-in role (Administrator, Crypto Officer, Crypto User, Policy Administrator).
'''

@description('Required. Name of the Managed HSM: the first label of its hsmUri.')
param hsmName string

@description('Optional. Built-in local role assignments to make for resource identities; an existing assignment is kept as it is.')
param grants localRoleGrantType[] = []

@description('Optional. The app identity that gets the custom role "cmk-orchestrator key operator" at /keys; omit it for grants only.')
param appRole appRoleType?

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
param scriptName string = 'hsm-local-rbac-${uniqueString(hsmName, string(grants), appRole.?principalId ?? '')}'

// Role names are unique within an HSM, so the role's name (a GUID) follows from the HSM and the
// role name: every deployment that needs the role on this HSM finds the same one.
var appRoleName = 'cmk-orchestrator key operator'
var appRoleDefinitionName = guid(hsmName, appRoleName)

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
      { name: 'APP_PRINCIPAL_ID', value: appRole.?principalId ?? '' }
      { name: 'APP_ROLE_NAME', value: appRoleName }
      { name: 'APP_ROLE_DEFINITION_NAME', value: appRoleDefinitionName }
      { name: 'APP_ROLE_ASSIGNMENT_NAME', value: guid(hsmName, '/keys', appRole.?principalId ?? '', appRoleDefinitionName) }
      { name: 'REVOKE_LEGACY_APP_ROLES', value: (appRole.?revokeLegacyRoles ?? false) ? 'true' : 'false' }
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

@description('Name (GUID) of the custom role "cmk-orchestrator key operator" on the HSM; the derived one, or that of a role of the same name found there.')
output appRoleDefinitionName string = script.properties.outputs.appRoleDefinitionName

@description('Crypto User / Crypto Officer assignments of the app at /keys left by earlier versions (removed when appRole.revokeLegacyRoles is true).')
output legacyAppRoles int = script.properties.outputs.legacyAppRoles

@description('A Managed HSM local role grant.')
type localRoleGrantType = {
  @description('Required. Object ID of the service principal or managed identity. Grant principals directly: the HSM data plane does not honour group membership of service principals.')
  principalId: string

  @description('Required. Local role to grant.')
  role: localRoleType

  @description('Required. Local scope: "/keys" for every key, or "/keys/<name>" for all versions of one key.')
  scope: string
}

@description('The app identity that gets the custom role.')
type appRoleType = {
  @description('Required. Principal (object) ID of the app identity.')
  principalId: string

  @description('Optional. Also delete the Crypto User and Crypto Officer assignments at /keys that earlier versions granted the app (default false: they are only reported).')
  revokeLegacyRoles: bool?
}

@description('''Built-in Managed HSM local roles this module grants (role definition IDs in brackets):
Crypto Service Encryption User [33413926-3206-4cdd-b39a-83574fe37a17]: get, wrap, unwrap; for resource identities (Storage, DES, Databricks).
Crypto Auditor [2c18b078-7c48-4d3a-af88-5a3a1b3f82b3]: read key attributes.
Administrator, Crypto Officer, Crypto User and Policy Administrator are not offered, and the script refuses them.''')
type localRoleType = 'Managed HSM Crypto Service Encryption User' | 'Managed HSM Crypto Auditor'
