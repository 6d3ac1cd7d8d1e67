// A private, short-lived test deployment: the app and a new HSM whose deletion stops billing after
// 7 days (the shortest retention; purge protection stays on, as CMK needs), and an HTTP API without
// sign-in (CMK_API_AUTH=none). Nobody but you may be able to reach it: nothing else gates its HTTP
// routes (they take no function key). Delete the resource groups when done; the HSM keeps billing
// hourly for the 7 days.
//   az deployment group create -g rg-cmk-test -f bicep/main.bicep -p bicep/examples/private-test.bicepparam
using '../main.bicep'

param baseName = 'cmktest'

param managedScopes = [
  {
    subscriptionId: '00000000-0000-0000-0000-000000000000'
    resourceGroupName: 'rg-cmk-test-workloads'
  }
]

param hsmWriteEvents = {
  subscriptionId: '00000000-0000-0000-0000-000000000000'
  resourceGroupName: 'rg-cmk-test-workloads'
  sourceKind: 'ResourceGroup'
}

param hsm = {
  name: 'hsm-cmktest-01'
  subscriptionId: '00000000-0000-0000-0000-000000000000'
  resourceGroupName: 'rg-cmk-test-workloads'
  create: true
  softDeleteRetentionInDays: 7
  initialAdminObjectIds: [
    '11111111-1111-1111-1111-111111111111'
    '22222222-2222-2222-2222-222222222222'
  ]
  activated: false
  scriptIdentityResourceId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cmk-test/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-hsm-admin-script'
}

param apiAuthDisabled = true
