metadata name = 'Managed HSM key (through ARM)'
metadata description = '''
Creates an RSA-HSM key in a Managed HSM through ARM (Microsoft.KeyVault/managedHSMs/keys), with a
rotation policy.

This works only when:
- the HSM is activated, and
- its setting AllowKeyManagementOperationsThroughARM is true (hsm-local-rbac.bicep sets it with
  allowKeyManagementThroughArm: "Azure Managed HSM does not trust Azure Resource Manager by
  default"), and
- the deployer holds a local role that can create keys (Managed HSM Crypto User), since ARM acts
  on the deployer's behalf.

ARM only creates the first version: if the key exists, the PUT returns it unchanged. A changed
rotation policy here is therefore ignored for an existing key; cmk-orchestrator changes policies
on the data plane. Managed HSM sends no Event Grid events, so this policy has no 'notify'
action: cmk-orchestrator's event bridge publishes near-expiry and new-version events instead.
'''

@description('Required. Name of the existing, activated Managed HSM (in this resource group).')
param hsmName string

@description('Required. Key name: 1-127 letters, digits and hyphens.')
param keyName string

@description('Optional. RSA key size in bits. Storage, Disk Encryption Sets and Databricks accept 2048, 3072 and 4096.')
@allowed([
  2048
  3072
  4096
])
param keySize int = 3072

@description('Optional. ISO-8601 duration after creation at which Managed HSM makes a new version (at least P28D).')
param rotateAfter string = 'P90D'

@description('Optional. ISO-8601 expiry of each new version, counted from its creation (at least P28D, and longer than rotateAfter so that a version never expires before its successor exists).')
param expiresAfter string = 'P1Y'

resource hsm 'Microsoft.KeyVault/managedHSMs@2025-05-01' existing = {
  name: hsmName
}

resource key 'Microsoft.KeyVault/managedHSMs/keys@2025-05-01' = {
  parent: hsm
  name: keyName
  properties: {
    kty: 'RSA-HSM'
    keySize: keySize
    keyOps: [
      'wrapKey'
      'unwrapKey'
    ]
    attributes: {
      enabled: true
      exportable: false
    }
    rotationPolicy: {
      attributes: {
        expiryTime: expiresAfter
      }
      lifetimeActions: [
        {
          trigger: {
            timeAfterCreate: rotateAfter
          }
          action: {
            type: 'rotate'
          }
        }
      ]
    }
  }
}

@description('Name of the key.')
output keyName string = key.name

@description('Versionless key URI, https://<hsm>.managedhsm.azure.net/keys/<name>; what Storage should reference.')
output keyUri string = key.properties.keyUri

@description('Versioned key URI of the first version; what a Disk Encryption Set needs as activeKey.keyUrl.')
output keyUriWithVersion string = key.properties.keyUriWithVersion

@description('The first version of the key; Databricks needs it as keyVersion.')
output keyVersion string = last(split(key.properties.keyUriWithVersion, '/'))
