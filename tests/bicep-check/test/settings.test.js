'use strict';
// The three-way app-settings comparison, on fixture copies of main.bicep,
// local.settings.sample.json and the Java sources.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { checkSettings, withoutComments } = require('../src/rules/settings');
const { settingsPaths } = require('../src/check');
const { FIXTURES } = require('./helpers');

const fixture = (name) => checkSettings(settingsPaths(path.join(FIXTURES, 'settings', name)));
const messages = (result) => result.findings.map((f) => `${path.basename(f.file)}: ${f.message}`);

test('matching sources have no findings, though host-only settings differ between them', () => {
  const result = fixture('matching');
  assert.deepEqual(result.findings, []);
  assert.ok(result.sets.local.has('FUNCTIONS_WORKER_RUNTIME') && !result.sets.bicep.has('FUNCTIONS_WORKER_RUNTIME'));
  assert.ok(result.sets.bicep.has('AzureWebJobsStorage__accountName') && !result.sets.local.has('AzureWebJobsStorage__accountName'));
});

test('a %NAME% placeholder in a function annotation counts as a setting the Java code reads', () => {
  assert.ok(fixture('matching').sets.java.has('CMK_BRIDGE_SCHEDULE'));
});

test('constants holding default values and commented-out constants are not setting names', () => {
  const { java } = fixture('matching').sets;
  assert.deepEqual([...java].sort(), ['CMK_BRIDGE_SCHEDULE', 'CMK_NOTIFY_BEFORE_EXPIRY_DEFAULT', 'CMK_TENANT_ID']);
});

test('a setting missing from one source is reported against that source', () => {
  const found = messages(fixture('mismatching'));
  assert.ok(found.includes('main.bicep: CMK_TENANT_ID is in local.settings.sample.json and read by the Java code but not set by main.bicep'), found.join('\n'));
  assert.ok(found.includes('local.settings.sample.json: CMK_BRIDGE_SCHEDULE is set by main.bicep and read by the Java code but not in local.settings.sample.json'), found.join('\n'));
  assert.ok(found.includes('AppSettings.java: CMK_ONLY_IN_BICEP is set by main.bicep but not read by the Java code'), found.join('\n'));
  assert.ok(found.includes('main.bicep: CMK_ONLY_IN_JAVA is read by the Java code but not set by main.bicep'), found.join('\n'));
});

test('a setting the Flex Consumption plan removed is reported when main.bicep sets it', () => {
  assert.ok(messages(fixture('mismatching')).includes('main.bicep: FUNCTIONS_WORKER_RUNTIME must not be set on a Flex Consumption app: use properties.functionAppConfig'));
});

test('missing input files fail the check instead of skipping it', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'bicep-check-'));
  const result = checkSettings(settingsPaths(empty));
  assert.equal(result.sets, null);
  assert.equal(result.findings.length, 4);
  assert.ok(result.findings.every((f) => f.rule === 'settings/consistency' && /does not exist/.test(f.message)));
});

test('comments are removed from Java source but string literals, even with // inside, are kept', () => {
  const source = 'String a = "https://x"; // CMK_GONE\n/* "CMK_GONE2" */ String b = "%CMK_KEPT%";';
  const stripped = withoutComments(source);
  assert.ok(stripped.includes('"https://x"') && stripped.includes('"%CMK_KEPT%"'));
  assert.ok(!stripped.includes('CMK_GONE'));
});
