// cmk-orchestrator alone, working with HSMs that exist already and were granted to it by their
// administrators. Deploy into the app's resource group:
//   az deployment group create -g rg-cmk-app -f bicep/main.bicep -p bicep/examples/app-only.bicepparam
// then deploy the code, then again with wireEventSubscriptions = true.
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

param wireEventSubscriptions = false

// The app registration of the HTTP API (bicep/README.md, "Sign-in on the HTTP API").
param apiAppRegistration = {
  clientId: '33333333-3333-3333-3333-333333333333'
}

param databricksAppObjectId = ''
