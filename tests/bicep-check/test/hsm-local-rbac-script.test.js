'use strict';
// bicep/scripts/hsm-local-rbac.sh, the body of the hsm-local-rbac.bicep deployment script, run
// against a stand-in `az` (test/fake-az/az) that keeps one Managed HSM's custom roles and
// assignments in a file and records every call.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(REPO, 'bicep', 'scripts', 'hsm-local-rbac.sh');
const FAKE_AZ = path.join(__dirname, 'fake-az');
const APP = '11111111-1111-1111-1111-111111111111';
const DISK = '22222222-2222-2222-2222-222222222222';
const ROLE_NAME = 'cmk-orchestrator key operator';
const ROLE_GUID = 'aaaaaaaa-0000-4000-8000-000000000001';
const ASSIGNMENT_GUID = 'aaaaaaaa-0000-4000-8000-000000000002';
const ROLE_IDS = Object.freeze({
  encryptionUser: '33413926-3206-4cdd-b39a-83574fe37a17',
  cryptoUser: '21dbd100-6940-42c2-9190-5d6cb909625b',
  cryptoOfficer: '515eb02d-2335-4d2d-92f2-b1cbdf9c3778',
});

/** The data actions docs/concurrency.md section 7 gives the app, with the documented prefix. */
function documentedDataActions() {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'concurrency.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## 7.'));
  return [...section.matchAll(/^\| `(\/[^`]+)` \|/gm)].map((m) => `Microsoft.KeyVault/managedHsm${m[1]}`).sort();
}

/** Runs the script once against a fake HSM; `hsm` is the state it starts from (kept between runs when passed back). */
function run({ grants = [], app = true, hsm = {}, env = {} } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-az-'));
  const state = { roles: [], assignments: [], failures: {}, ...hsm };
  fs.writeFileSync(path.join(dir, 'hsm.json'), JSON.stringify(state));
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(log, '');
  const output = path.join(dir, 'outputs.json');
  const result = spawnSync('bash', [SCRIPT], {
    encoding: 'utf8',
    env: {
      PATH: `${FAKE_AZ}:${process.env.PATH}`,
      FAKE_AZ_LOG: log,
      FAKE_AZ_STATE: dir,
      FAKE_AZ_HSM: 'hsm-test',
      HSM_NAME: 'hsm-test',
      GRANTS: grants.join('\n'),
      ...(app ? { APP_PRINCIPAL_ID: APP, APP_ROLE_NAME: ROLE_NAME, APP_ROLE_DEFINITION_NAME: ROLE_GUID, APP_ROLE_ASSIGNMENT_NAME: ASSIGNMENT_GUID } : {}),
      SETTLE_SECONDS: '0',
      RETRY_SECONDS: '0',
      MAX_ATTEMPTS: '3',
      AZ_SCRIPTS_OUTPUT_PATH: output,
      ...env,
    },
  });
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const named = (prefix) => calls.filter((c) => c.slice(0, prefix.length).join(' ') === prefix.join(' '));
  const opt = (call, name) => call[call.indexOf(name) + 1];
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    hsm: JSON.parse(fs.readFileSync(path.join(dir, 'hsm.json'), 'utf8')),
    calls,
    roleWrites: named(['keyvault', 'role', 'definition', 'update']).map((c) => JSON.parse(opt(c, '--role-definition'))),
    creates: named(['keyvault', 'role', 'assignment', 'create']).map((c) => ({
      principal: opt(c, '--assignee-object-id'), role: opt(c, '--role'), scope: opt(c, '--scope'), name: c.includes('--name') ? opt(c, '--name') : null,
    })),
    deletes: named(['keyvault', 'role', 'assignment', 'delete']),
    settings: named(['keyvault', 'setting', 'update']),
    outputs: fs.existsSync(output) ? JSON.parse(fs.readFileSync(output, 'utf8')) : null,
  };
}

const writes = (r) => r.roleWrites.length + r.creates.length + r.deletes.length + r.settings.length;

// The app's custom role

test('the app role is created with exactly the data actions of docs/concurrency.md section 7, at "/"', () => {
  const r = run();
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.roleWrites.length, 1);
  const [role] = r.roleWrites;
  assert.equal(role.name, ROLE_GUID);
  assert.equal(role.roleName, ROLE_NAME);
  assert.deepEqual(role.assignableScopes, ['/']);
  assert.deepEqual([...role.dataActions].sort(), documentedDataActions());
  assert.equal(documentedDataActions().length, 8);
  assert.deepEqual([role.actions, role.notActions, role.notDataActions], [[], [], []]);
});

test('the app role holds no purge, delete, export, release, backup, import, cryptographic or role-definition action', () => {
  const [role] = run().roleWrites;
  const forbidden = [
    'keys/deletedKeys/delete', 'keys/delete', 'keys/export/action', 'keys/release/action', 'keys/backup/action',
    'keys/restore/action', 'keys/import/action', 'keys/encrypt/action', 'keys/decrypt/action', 'keys/wrap/action',
    'keys/unwrap/action', 'keys/sign/action', 'keys/verify/action', 'roleAssignments/delete/action',
    'roleDefinitions/write/action', 'roleDefinitions/delete/action',
  ].map((a) => `Microsoft.KeyVault/managedHsm/${a}`);
  assert.deepEqual(role.dataActions.filter((a) => forbidden.includes(a)), []);
});

test('the app is assigned its role at /keys under the deterministic assignment name', () => {
  const r = run();
  assert.deepEqual(r.creates, [{ principal: APP, role: ROLE_GUID, scope: '/keys', name: ASSIGNMENT_GUID }]);
  assert.deepEqual(r.outputs, { granted: 1, appRoleDefinitionName: ROLE_GUID, appRoleWritten: true, legacyAppRoles: 0 });
});

test('a second run changes nothing: the role and the assignment are kept', () => {
  const first = run();
  const second = run({ hsm: first.hsm });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(writes(second), 0);
  assert.match(second.stdout, /kept {4}role 'cmk-orchestrator key operator'/);
  assert.deepEqual(second.outputs, { granted: 0, appRoleDefinitionName: ROLE_GUID, appRoleWritten: false, legacyAppRoles: 0 });
});

test('a role widened outside the deployment is put back to exactly its data actions', () => {
  const widened = [...documentedDataActions(), 'Microsoft.KeyVault/managedHsm/keys/deletedKeys/delete'];
  const r = run({ hsm: { roles: [{ name: ROLE_GUID, roleName: ROLE_NAME, dataActions: widened }] } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.roleWrites.length, 1);
  assert.deepEqual([...r.hsm.roles[0].dataActions].sort(), documentedDataActions());
});

test('a role of the same name made elsewhere (by the app itself) is used under its own name, not duplicated', () => {
  const other = 'bbbbbbbb-0000-4000-8000-000000000009';
  const r = run({ hsm: { roles: [{ name: other, roleName: ROLE_NAME, dataActions: documentedDataActions() }] } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.roleWrites.length, 0);
  assert.deepEqual(r.creates.map((c) => c.role), [other]);
  assert.equal(r.outputs.appRoleDefinitionName, other);
});

test('the app is never granted Crypto Officer or Crypto User', () => {
  const r = run();
  const broad = [ROLE_IDS.cryptoOfficer, ROLE_IDS.cryptoUser];
  assert.deepEqual(r.creates.filter((c) => broad.includes(c.role)), []);
  assert.deepEqual(r.hsm.assignments.filter((a) => a.principal === APP).map((a) => a.role), [ROLE_GUID]);
});

test('Crypto User and Crypto Officer grants of earlier versions are reported, and kept unless revocation is asked', () => {
  const legacy = [ROLE_IDS.cryptoUser, ROLE_IDS.cryptoOfficer].map((role) => ({ principal: APP, role, scope: '/keys', name: null }));
  const r = run({ hsm: { assignments: legacy } });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.deletes, []);
  assert.match(r.stderr, /still holds 'Managed HSM Crypto (User|Officer)'.*revokeLegacyAppRoles/);
  assert.equal(r.outputs.legacyAppRoles, 2);
});

test('Crypto User and Crypto Officer grants of earlier versions are removed when revocation is asked', () => {
  const legacy = [ROLE_IDS.cryptoUser, ROLE_IDS.cryptoOfficer].map((role) => ({ principal: APP, role, scope: '/keys', name: null }));
  const other = { principal: DISK, role: ROLE_IDS.cryptoUser, scope: '/keys', name: null };
  const r = run({ hsm: { assignments: [...legacy, other] }, env: { REVOKE_LEGACY_APP_ROLES: 'true' } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.deletes.length, 2);
  assert.deepEqual(r.hsm.assignments.map((a) => `${a.principal}:${a.role}`).sort(), [`${APP}:${ROLE_GUID}`, `${DISK}:${ROLE_IDS.cryptoUser}`].sort());
});

// Failures stop the script with Azure's reason

test('an HSM that does not answer on its data plane (not activated) fails the script before any change, and says so', () => {
  const r = run({ grants: [`${DISK}|Managed HSM Crypto Service Encryption User|/keys/disk-cmk`], hsm: { failures: { 'definition list': 'ERROR: (Forbidden) Operation not allowed in the current HSM state' } } });
  assert.equal(r.status, 3);
  assert.match(r.stderr, /HSM 'hsm-test' does not answer on its data plane, so it is not active yet/);
  assert.match(r.stderr, /Operation not allowed in the current HSM state/);
  assert.equal(writes(r), 0);
  assert.equal(r.outputs, null);
});

test('a failing assignment list fails the script with its reason instead of counting the grant as kept', () => {
  const r = run({ grants: [`${DISK}|Managed HSM Crypto Service Encryption User|/keys/disk-cmk`], app: false, hsm: { failures: { 'assignment list': 'ERROR: (Unauthorized) AKV10032: Invalid issuer' } } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /failed: listing the assignments of role 33413926-3206-4cdd-b39a-83574fe37a17 at \/keys\/disk-cmk on hsm-test: ERROR: \(Unauthorized\) AKV10032/);
  assert.doesNotMatch(r.stdout, /kept/);
  assert.equal(r.outputs, null);
});

test('a failing role definition write fails the script with its reason', () => {
  const r = run({ hsm: { failures: { 'definition update': 'ERROR: (Forbidden) Caller is not authorized to perform roleDefinitions/write' } } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /failed: writing role 'cmk-orchestrator key operator' on hsm-test: ERROR: \(Forbidden\)/);
  assert.deepEqual(r.creates, []);
});

test('a failing setting update fails the script with its reason', () => {
  const r = run({ app: false, env: { ALLOW_ARM: 'true' }, hsm: { failures: { 'setting update': 'ERROR: (Forbidden) settings/write' } } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /failed: setting AllowKeyManagementOperationsThroughARM on hsm-test: ERROR: \(Forbidden\) settings\/write/);
});

// Grants of resource identities

test('a missing grant is created with the principal, the role ID and the scope given', () => {
  const r = run({ grants: [`${DISK}|Managed HSM Crypto Service Encryption User|/keys/disk-cmk`], app: false });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.creates, [{ principal: DISK, role: ROLE_IDS.encryptionUser, scope: '/keys/disk-cmk', name: null }]);
  assert.equal(r.outputs.granted, 1);
});

test('an existing grant is kept and not created again', () => {
  const existing = { principal: DISK, role: ROLE_IDS.encryptionUser, scope: '/keys/disk-cmk', name: null };
  const r = run({ grants: [`${DISK}|Managed HSM Crypto Service Encryption User|/keys/disk-cmk`], app: false, hsm: { assignments: [existing] } });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.creates, []);
  assert.equal(r.outputs.granted, 0);
});

test('a grant that fails at first (new identity not yet resolvable) is retried', () => {
  const r = run({ grants: [`${DISK}|Managed HSM Crypto Service Encryption User|/keys/k`], app: false, hsm: { failures: { 'assignment create': { times: 2, text: 'ERROR: (BadParameter) principal not found' } } } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.creates.length, 3);
});

test('a grant that keeps failing fails the script after MAX_ATTEMPTS with Azure\'s reason', () => {
  const r = run({ grants: [`${DISK}|Managed HSM Crypto Service Encryption User|/keys/k`], app: false, hsm: { failures: { 'assignment create': { times: 9, text: 'ERROR: (BadParameter) principal not found' } } } });
  assert.equal(r.status, 1);
  assert.equal(r.creates.length, 3);
  assert.match(r.stderr, /could not grant 'Managed HSM Crypto Service Encryption User' at \/keys\/k to 2222.* after 3 attempts: ERROR: \(BadParameter\) principal not found/);
});

// Input checked before anything is called

test('a grant at the HSM-wide scope "/" is refused before any call', () => {
  const r = run({ grants: [`${DISK}|Managed HSM Crypto Service Encryption User|/keys`, `${DISK}|Managed HSM Crypto Service Encryption User|/`] });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /refusing scope '\/'/);
  assert.deepEqual(r.calls, []);
});

for (const role of ['Managed HSM Crypto Officer', 'Managed HSM Crypto User', 'Managed HSM Administrator', 'Managed HSM Policy Administrator']) {
  test(`a grant of '${role}' is refused before any call`, () => {
    const r = run({ grants: [`${APP}|${role}|/keys`] });
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`refusing role '${role}'`));
    assert.deepEqual(r.calls, []);
  });
}

test('a grant whose principal is not an object ID is refused before any call', () => {
  const r = run({ grants: ['storage-identity|Managed HSM Crypto Service Encryption User|/keys/k'] });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /malformed grant/);
  assert.deepEqual(r.calls, []);
});

test('AllowKeyManagementOperationsThroughARM is set only when asked', () => {
  assert.deepEqual(run({ app: false, env: { ALLOW_ARM: 'false' } }).settings, []);
  assert.deepEqual(run({ app: false, env: { ALLOW_ARM: 'true' } }).settings, [
    ['keyvault', 'setting', 'update', '--hsm-name', 'hsm-test', '--name', 'AllowKeyManagementOperationsThroughARM', '--value', 'true', '--output', 'none'],
  ]);
});
