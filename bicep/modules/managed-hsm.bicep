metadata name = 'Managed HSM'
metadata description = '''
A Key Vault Managed HSM for customer-managed keys: purge protection on (it cannot be turned off
later), soft delete with a chosen retention, network rules, initial administrators, and its
AuditEvent log sent to Log Analytics.

Cost: a deleted HSM keeps billing hourly until it is purged, and purge protection forbids purging
before softDeleteRetentionInDays have passed (the name stays taken too). Keep 90 days for
production; use 7 for a test HSM. The retention is fixed at creation: a later deployment with
another value fails. Purge protection stays on whatever the retention: Storage, Disk Encryption
Sets and Databricks accept only keys from a vault or HSM with purge protection.

The HSM is not usable when this deployment ends. It must be activated by downloading its
security domain (a data-plane call ARM cannot make), by one of initialAdminObjectIds:
  az keyvault security-domain download --hsm-name <name> --sd-wrapping-keys c0.cer c1.cer c2.cer \
    --sd-quorum 2 --security-domain-file <name>-SD.json
Until then no key, role assignment or setting can be created. Creation itself takes tens of
minutes. See bicep/README.md for the full order.
'''

@description('Required. Name of the HSM: 3-24 letters, digits and hyphens, globally unique (it becomes <name>.managedhsm.azure.net).')
@minLength(3)
@maxLength(24)
param name string

@description('Optional. Region of the HSM.')
param location string = resourceGroup().location

@description('Optional. Tags for the HSM.')
param tags object = {}

@description('Required. Object IDs of the initial administrators. Only they can activate the HSM and make the first local role assignments; include the identity that runs hsm-local-rbac.bicep.')
@minLength(1)
param initialAdminObjectIds string[]

@description('Optional. Entra ID tenant that authenticates requests to the HSM.')
param tenantId string = tenant().tenantId

@description('Optional. Days a deleted HSM stays recoverable and keeps billing (7-90). Purge protection keeps it from being purged during that time. Fixed at creation.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Optional. Pool SKU.')
@allowed([
  'Standard_B1'
  'Custom_B32'
  'Custom_B6'
])
param skuName string = 'Standard_B1'

@description('Optional. Whether the HSM accepts traffic from public networks. With Disabled, reach it through a private endpoint.')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

@description('Optional. Network rules. Storage, Disk Encryption Sets and Databricks reach the HSM as trusted Azure services (bypass AzureServices); the Function App is not one, so with defaultAction Deny it needs an allowed network path (VNet integration or a listed address).')
param networkAcls networkAclsType = {
  defaultAction: 'Allow'
  bypass: 'AzureServices'
  ipRules: []
}

@description('Optional. Resource ID of a Log Analytics workspace that receives the HSM\'s AuditEvent log (every data-plane call); empty: no diagnostic setting.')
param workspaceResourceId string = ''

resource hsm 'Microsoft.KeyVault/managedHSMs@2025-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    family: 'B'
    name: skuName
  }
  properties: {
    tenantId: tenantId
    initialAdminObjectIds: initialAdminObjectIds
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: networkAcls.defaultAction
      bypass: networkAcls.bypass
      ipRules: [for address in networkAcls.ipRules: { value: address }]
    }
  }
}

resource auditLog 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(workspaceResourceId)) {
  name: 'audit-to-log-analytics'
  scope: hsm
  properties: {
    workspaceId: workspaceResourceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

@description('Data-plane URI of the HSM, https://<name>.managedhsm.azure.net/; the keyvaulturi / keyVaultUri of a CMK binding.')
output hsmUri string = hsm.properties.hsmUri

@description('Name of the HSM.')
output name string = hsm.name

@description('Resource ID of the HSM.')
output resourceId string = hsm.id

@description('Network rules of the HSM.')
type networkAclsType = {
  @description('Required. Action when no rule matches.')
  defaultAction: 'Allow' | 'Deny'

  @description('Required. Whether trusted Azure services bypass the rules; CMK services need AzureServices when defaultAction is Deny.')
  bypass: 'AzureServices' | 'None'

  @description('Required. Public IPv4 addresses or CIDR ranges allowed when defaultAction is Deny.')
  ipRules: string[]
}
