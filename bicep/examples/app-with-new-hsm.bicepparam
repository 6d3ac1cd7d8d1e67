// cmk-orchestrator plus a new Managed HSM in the app's resource group.
// Run 1: creates the app and the HSM (activated = false).
// Then activate the HSM (security domain download, see bicep/README.md) and deploy the code.
// Run 2: set activated = true and wireEventSubscriptions = true; the deployment script grants the
// app identity its local roles on the HSM.
using '../main.bicep'

param baseName = 'cmkorch'

param managedScopes = [
  {
    subscriptionId: '00000000-0000-0000-0000-000000000000'
    resourceGroupName: 'rg-workloads'
  }
]

param hsmWriteEvents = {
  subscriptionId: '00000000-0000-0000-0000-000000000000'
  resourceGroupName: 'rg-workloads'
  sourceKind: 'ResourceGroup'
}

param hsm = {
  name: 'hsm-cmkorch-01'
  create: true
  // Your security officers, plus the principal ID of the script identity below.
  initialAdminObjectIds: [
    '11111111-1111-1111-1111-111111111111'
    '22222222-2222-2222-2222-222222222222'
  ]
  activated: false
  scriptIdentityResourceId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cmk-app/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-hsm-admin-script'
}

param wireEventSubscriptions = false

param hsmProvisioningEnabled = false
