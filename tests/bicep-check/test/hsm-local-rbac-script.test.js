'use strict';
// bicep/scripts/hsm-local-rbac.sh, the body of the hsm-local-rbac.bicep deployment script, run
// against a stand-in `az` (test/fake-az/az) that records calls and keeps assignments in files.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const SCRIPT = path.resolve(__dirname, '..', '..', '..', 'bicep', 'scripts', 'hsm-local-rbac.sh');
const FAKE_AZ = path.join(__dirname, 'fake-az');
const APP = '11111111-1111-1111-1111-111111111111';

function run({ grants, existing = [], failNext = 0, allowArm = 'false' }) {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-az-'));
  fs.writeFileSync(path.join(state, 'existing'), existing.map((e) => `${e}\n`).join(''));
  fs.writeFileSync(path.join(state, 'fail-next'), String(failNext));
  const log = path.join(state, 'calls.log');
  fs.writeFileSync(log, '');
  const output = path.join(state, 'outputs.json');
  const result = spawnSync('bash', [SCRIPT], {
    encoding: 'utf8',
    env: {
      PATH: `${FAKE_AZ}:${process.env.PATH}`,
      FAKE_AZ_LOG: log,
      FAKE_AZ_STATE: state,
      HSM_NAME: 'hsm-test',
      GRANTS: grants.join('\n'),
      ALLOW_ARM: allowArm,
      SETTLE_SECONDS: '0',
      RETRY_SECONDS: '0',
      MAX_ATTEMPTS: '3',
      AZ_SCRIPTS_OUTPUT_PATH: output,
    },
  });
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    status: result.status,
    stderr: result.stderr,
    creates: calls.filter((c) => c.startsWith('keyvault role assignment create')),
    settings: calls.filter((c) => c.startsWith('keyvault setting update')),
    outputs: fs.existsSync(output) ? JSON.parse(fs.readFileSync(output, 'utf8')) : null,
  };
}

test('a missing grant is created with the principal, role and scope given', () => {
  const r = run({ grants: [`${APP}|Managed HSM Crypto User|/keys`] });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.creates, [
    `keyvault role assignment create --hsm-name hsm-test --role Managed HSM Crypto User --scope /keys --assignee-object-id ${APP} --assignee-principal-type ServicePrincipal --output none`,
  ]);
  assert.deepEqual(r.outputs, { granted: 1 });
});

test('the app grants of main.bicep (Crypto User and Crypto Officer at /keys) are created as given', () => {
  const r = run({ grants: [`${APP}|Managed HSM Crypto User|/keys`, `${APP}|Managed HSM Crypto Officer|/keys`] });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.creates, [
    `keyvault role assignment create --hsm-name hsm-test --role Managed HSM Crypto User --scope /keys --assignee-object-id ${APP} --assignee-principal-type ServicePrincipal --output none`,
    `keyvault role assignment create --hsm-name hsm-test --role Managed HSM Crypto Officer --scope /keys --assignee-object-id ${APP} --assignee-principal-type ServicePrincipal --output none`,
  ]);
  assert.deepEqual(r.outputs, { granted: 2 });
});

test('an existing grant is kept and not created again', () => {
  const grant = `${APP}|Managed HSM Crypto Service Encryption User|/keys/storage-cmk`;
  const r = run({ grants: [grant], existing: [grant] });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.creates, []);
  assert.deepEqual(r.outputs, { granted: 0 });
});

test('a grant that fails at first (new identity not yet resolvable) is retried', () => {
  const r = run({ grants: [`${APP}|Managed HSM Crypto User|/keys`], failNext: 2 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.creates.length, 3);
});

test('a grant that keeps failing fails the script after MAX_ATTEMPTS', () => {
  const r = run({ grants: [`${APP}|Managed HSM Crypto User|/keys`], failNext: 5 });
  assert.notEqual(r.status, 0);
  assert.equal(r.creates.length, 3);
  assert.match(r.stderr, /could not grant/);
});

test('a grant at the HSM-wide scope "/" is refused before anything is created', () => {
  const r = run({ grants: [`${APP}|Managed HSM Crypto User|/keys`, `${APP}|Managed HSM Crypto User|/`] });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /refusing scope '\/'/);
  assert.deepEqual(r.creates, []);
});

test('AllowKeyManagementOperationsThroughARM is set only when asked', () => {
  assert.deepEqual(run({ grants: [], allowArm: 'false' }).settings, []);
  assert.deepEqual(run({ grants: [], allowArm: 'true' }).settings, [
    'keyvault setting update --hsm-name hsm-test --name AllowKeyManagementOperationsThroughARM --value true --output none',
  ]);
});
