// A storage account bound to an existing key of an existing, activated Managed HSM.
//   az deployment group create -g rg-workloads -f bicep/modules/cmk-storage.bicep \
//     -p bicep/examples/storage-with-existing-hsm-key.bicepparam
// With grantScriptIdentityResourceId set, the module grants the account's identity
// "Managed HSM Crypto Service Encryption User" at /keys/<keyName> before binding. Leave it empty
// when the grant is made elsewhere (for example by cmk-orchestrator).
using '../modules/cmk-storage.bicep'

param storageAccountName = 'stcmkdemo001'

param hsmUri = 'https://hsm-cmkorch-01.managedhsm.azure.net/'

param keyName = 'storage-cmk'

param grantScriptIdentityResourceId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cmk-app/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-hsm-admin-script'
