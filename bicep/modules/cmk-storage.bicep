metadata name = 'Storage account with a Managed HSM customer-managed key'
metadata description = '''
A storage account encrypted with a Managed HSM key, bound the way Storage needs it:
- a user-assigned identity on the account, named in encryption.identity (the account's identity
  is what unwraps the key, so it must exist before the key is bound);
- that identity granted "Managed HSM Crypto Service Encryption User" at /keys/<keyName> on the
  HSM's *local* RBAC, before the bind (Storage checks access when the key is set);
- keyvaulturi = the HSM URI and keyname, with keyversion '' (empty): a versionless reference. The
  empty string is sent rather than left out so that a redeployment clears a version someone
  pinned (the official example StorageAccountCreateUserAssignedEncryptionIdentityWithCMK does the
  same, as does the app).

After a rotation the app has nothing to rebind: Storage checks the key about once a day and moves
to the newest version by itself. The app must keep the previous version enabled for at least
24 hours after a rotation, and can confirm the move by reading
encryption.keyvaultproperties.currentVersionedKeyIdentifier.
'''

@description('Required. Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Optional. Region of the account and its identity.')
param location string = resourceGroup().location

@description('Optional. Tags for the account and its identity.')
param tags object = {}

@description('Optional. Replication SKU of the account. Zone-redundant SKUs (ZRS, GZRS, RAGZRS) are not offered in every region, hence the LRS default.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param skuName string = 'Standard_LRS'

@description('Required. Data-plane URI of the Managed HSM, https://<name>.managedhsm.azure.net/.')
param hsmUri string

@description('Required. Name of the RSA-HSM key (2048, 3072 or 4096 bits) in that HSM.')
param keyName string

@description('Optional. Name of the user-assigned identity the account uses to reach the key.')
param encryptionIdentityName string = 'id-${storageAccountName}-cmk'

@description('Optional. Resource ID of an identity holding the Managed HSM Administrator local role. When set, the module grants the account identity its key role itself (hsm-local-rbac.bicep) before binding; when empty, grant it beforehand (cmk-orchestrator does this as its AccessGranted step).')
param grantScriptIdentityResourceId string = ''

var hsmName = split(replace(hsmUri, 'https://', ''), '.')[0]

resource encryptionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: encryptionIdentityName
  location: location
  tags: tags
}

module keyAccess 'hsm-local-rbac.bicep' = if (!empty(grantScriptIdentityResourceId)) {
  name: 'key-access-${uniqueString(storageAccountName, keyName)}'
  params: {
    hsmName: hsmName
    location: location
    scriptIdentityResourceId: grantScriptIdentityResourceId
    grants: [
      {
        principalId: encryptionIdentity.properties.principalId
        role: 'Managed HSM Crypto Service Encryption User'
        scope: '/keys/${keyName}'
      }
    ]
  }
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-08-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${encryptionIdentity.id}': {}
    }
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    encryption: {
      keySource: 'Microsoft.Keyvault'
      identity: {
        userAssignedIdentity: encryptionIdentity.id
      }
      keyvaultproperties: {
        keyvaulturi: hsmUri
        keyname: keyName
        keyversion: ''
      }
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
  dependsOn: [
    keyAccess
  ]
}

@description('Resource ID of the storage account.')
output resourceId string = storageAccount.id

@description('Principal ID of the identity that needs "Managed HSM Crypto Service Encryption User" at /keys/<keyName>.')
output encryptionIdentityPrincipalId string = encryptionIdentity.properties.principalId

@description('Resource ID of the account identity used for encryption.')
output encryptionIdentityResourceId string = encryptionIdentity.id
