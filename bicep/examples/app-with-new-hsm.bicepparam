// cmk-orchestrator plus a new Managed HSM in a managed resource group (rg-workloads): the app acts
// only on HSMs inside managedScopes, so the HSM goes where the app may work.
//   az deployment group create -g rg-cmk-app -f bicep/main.bicep -p bicep/examples/app-with-new-hsm.bicepparam
// Run 1: creates the app and the HSM (activated = false).
// Then activate the HSM (security domain download, see bicep/README.md) and deploy the code.
// Run 2: set activated = true and wireEventSubscriptions = true; the deployment script creates the
// app's custom local role on the HSM and assigns it to the app identity.
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
  subscriptionId: '00000000-0000-0000-0000-000000000000'
  resourceGroupName: 'rg-workloads'
  create: true
  // Production: a deleted HSM stays recoverable (and billed) for 90 days.
  softDeleteRetentionInDays: 90
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

param apiAppRegistration = {
  clientId: '33333333-3333-3333-3333-333333333333'
}
