metadata name = 'Disk Encryption Set with a Managed HSM customer-managed key'
metadata description = '''
A Disk Encryption Set (DES) bound to a Managed HSM key the way Compute needs it:
- activeKey.keyUrl is the FULLY VERSIONED key URL, https://<hsm>.managedhsm.azure.net/keys/<name>/<version>;
  Compute rejects a versionless URL whatever rotationToLatestKeyVersionEnabled says;
- rotationToLatestKeyVersionEnabled: true, so Azure follows new versions by itself;
- a user-assigned identity on the DES, granted "Managed HSM Crypto Service Encryption User" at
  /keys/<keyName> on the HSM's local RBAC before the DES is created.
No sourceVault is set: it names a Key Vault resource and is optional for a Managed HSM key.

After a rotation the app has nothing to rebind: Azure moves the DES to the new version within an
hour (VMs are not restarted). The app must keep the previous version enabled for at least an hour
and until activeKey.keyUrl shows the new one, and a redeployment of this module must pass the
*current* version: an older keyVersion here would pin the DES back to it.
'''

@description('Required. Name of the Disk Encryption Set.')
param name string

@description('Optional. Region of the DES and its identity.')
param location string = resourceGroup().location

@description('Optional. Tags for the DES and its identity.')
param tags object = {}

@description('Required. Data-plane URI of the Managed HSM, https://<name>.managedhsm.azure.net/.')
param hsmUri string

@description('Required. Name of the RSA-HSM key in that HSM.')
param keyName string

@description('Required. Version of the key (the last segment of its versioned URI); a DES cannot take a versionless key.')
@minLength(1)
param keyVersion string

@description('Optional. Which disks the key protects.')
@allowed([
  'EncryptionAtRestWithCustomerKey'
  'EncryptionAtRestWithPlatformAndCustomerKeys'
])
param encryptionType string = 'EncryptionAtRestWithCustomerKey'

@description('Optional. Name of the user-assigned identity the DES uses to reach the key.')
param encryptionIdentityName string = 'id-${name}-cmk'

@description('Optional. Resource ID of an identity holding the Managed HSM Administrator local role. When set, the module grants the DES identity its key role itself before creating the DES; when empty, grant it beforehand.')
param grantScriptIdentityResourceId string = ''

var hsmName = split(replace(hsmUri, 'https://', ''), '.')[0]
var keyUrl = '${endsWith(hsmUri, '/') ? hsmUri : '${hsmUri}/'}keys/${keyName}/${keyVersion}'

resource encryptionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: encryptionIdentityName
  location: location
  tags: tags
}

module keyAccess 'hsm-local-rbac.bicep' = if (!empty(grantScriptIdentityResourceId)) {
  name: 'key-access-${uniqueString(name, keyName)}'
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

resource diskEncryptionSet 'Microsoft.Compute/diskEncryptionSets@2025-01-02' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${encryptionIdentity.id}': {}
    }
  }
  properties: {
    encryptionType: encryptionType
    activeKey: {
      keyUrl: keyUrl
    }
    rotationToLatestKeyVersionEnabled: true
  }
  dependsOn: [
    keyAccess
  ]
}

@description('Resource ID of the Disk Encryption Set.')
output resourceId string = diskEncryptionSet.id

@description('The versioned key URL the DES was deployed with.')
output keyUrl string = keyUrl

@description('Principal ID of the identity that needs "Managed HSM Crypto Service Encryption User" at /keys/<keyName>.')
output encryptionIdentityPrincipalId string = encryptionIdentity.properties.principalId
