metadata name = 'Databricks workspace with Managed HSM customer-managed keys'
metadata description = '''
A Premium Azure Databricks workspace whose managed services and managed disks are encrypted with
Managed HSM keys, bound the way Databricks needs it:
- both encryption entities take a VERSIONED key (keyVersion is required by the API);
- managedDisk sets rotationToLatestKeyVersionEnabled; managedServices has no such flag;
- access is granted on the HSM's *local* RBAC ("Managed HSM Crypto Service Encryption User" at
  /keys/<name>) in two steps:
  1. before the workspace: to the AzureDatabricks first-party application (managed services);
  2. after it: to the workspace's managedDiskIdentity, which exists only once the workspace does.
The HSM must have purge protection on (managed-hsm.bicep always sets it).

After a rotation:
- managed disks follow the new version within an hour, nothing to do but keep the old version
  enabled until they have;
- managed services do NOT follow: the app must rebind (PUT the workspace with the new keyVersion
  under encryption.entities.managedServices) and keep the previous version enabled at least 24
  hours. A redeployment of this module must pass the *current* versions, or it rolls them back.
'''

@description('Required. Name of the workspace: at most 62 characters, so that the default managed resource group name (databricks-rg-<name>-<13 characters>) stays within the 90 Azure allows.')
@minLength(3)
@maxLength(62)
param name string

@description('Optional. Region of the workspace.')
param location string = resourceGroup().location

@description('Optional. Tags for the workspace.')
param tags object = {}

@description('Optional. Name of the managed resource group Databricks creates and owns.')
param managedResourceGroupName string = 'databricks-rg-${name}-${uniqueString(resourceGroup().id, name)}'

@description('Required. Data-plane URI of the Managed HSM, https://<name>.managedhsm.azure.net/.')
param hsmUri string

@description('Required. Key for managed services (notebooks, queries, secrets): name and version.')
param managedServicesKey versionedKeyType

@description('Required. Key for the managed disks of the clusters: name and version (it may be the same key).')
param managedDiskKey versionedKeyType

@description('Required. Object ID of the AzureDatabricks first-party application (app ID 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d) in this tenant: az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query id -o tsv.')
param databricksAppObjectId string

@description('Optional. Resource ID of an identity holding the Managed HSM Administrator local role. When set, the module makes both grants itself; when empty, grant step 1 beforehand and step 2 (output managedDiskIdentityPrincipalId) right after.')
param grantScriptIdentityResourceId string = ''

var hsmName = split(replace(hsmUri, 'https://', ''), '.')[0]
var granting = !empty(grantScriptIdentityResourceId)

module managedServicesAccess 'hsm-local-rbac.bicep' = if (granting) {
  name: 'dbx-services-access-${uniqueString(name)}'
  params: {
    hsmName: hsmName
    location: location
    scriptIdentityResourceId: grantScriptIdentityResourceId
    grants: [
      {
        principalId: databricksAppObjectId
        role: 'Managed HSM Crypto Service Encryption User'
        scope: '/keys/${managedServicesKey.keyName}'
      }
    ]
  }
}

resource workspace 'Microsoft.Databricks/workspaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'premium'
  }
  properties: {
    computeMode: 'Hybrid'
    managedResourceGroupId: subscriptionResourceId('Microsoft.Resources/resourceGroups', managedResourceGroupName)
    encryption: {
      entities: {
        managedServices: {
          keySource: 'Microsoft.Keyvault'
          keyVaultProperties: {
            keyVaultUri: hsmUri
            keyName: managedServicesKey.keyName
            keyVersion: managedServicesKey.keyVersion
          }
        }
        managedDisk: {
          keySource: 'Microsoft.Keyvault'
          keyVaultProperties: {
            keyVaultUri: hsmUri
            keyName: managedDiskKey.keyName
            keyVersion: managedDiskKey.keyVersion
          }
          rotationToLatestKeyVersionEnabled: true
        }
      }
    }
  }
  dependsOn: [
    managedServicesAccess
  ]
}

// Step 2: the managed disk identity exists only now that the workspace does.
module managedDiskAccess 'hsm-local-rbac.bicep' = if (granting) {
  name: 'dbx-disk-access-${uniqueString(name)}'
  params: {
    hsmName: hsmName
    location: location
    scriptIdentityResourceId: grantScriptIdentityResourceId
    grants: [
      {
        principalId: workspace.properties.managedDiskIdentity.principalId
        role: 'Managed HSM Crypto Service Encryption User'
        scope: '/keys/${managedDiskKey.keyName}'
      }
    ]
  }
}

@description('Resource ID of the workspace.')
output resourceId string = workspace.id

@description('URL of the workspace.')
output workspaceUrl string = workspace.properties.workspaceUrl

@description('Principal ID of the managed disk identity; it needs "Managed HSM Crypto Service Encryption User" at /keys/<managedDiskKey.keyName> (step 2).')
output managedDiskIdentityPrincipalId string = workspace.properties.managedDiskIdentity.principalId

@description('A Managed HSM key pinned to one version.')
type versionedKeyType = {
  @description('Required. Key name.')
  keyName: string

  @description('Required. Key version: Databricks takes only versioned keys.')
  @minLength(1)
  keyVersion: string
}
