'use strict';
// Facts about this repository's own templates that no generic rule states: the test example's
// retention, name lengths Azure would reject, the checked baseName, and where logs go.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { DEFAULTS, bicepFiles } = require('../src/check');
const { readTemplate, decorator } = require('../src/template');
const { children, unwrap, literalString, property, walk } = require('../src/tree');

const BICEP = path.join(DEFAULTS.repoRoot, 'bicep');
const template = (relative) => readTemplate(path.join(BICEP, relative));
const templates = bicepFiles(BICEP).filter((f) => f.endsWith('.bicep')).map(readTemplate);

test('an example deploys a test HSM that stops billing 7 days after deletion, the shortest retention', () => {
  const examples = fs.readdirSync(path.join(BICEP, 'examples')).filter((f) => f.endsWith('.bicepparam'));
  const retentions = examples.flatMap((f) => {
    const hsm = template(path.join('examples', f)).variables.find((v) => v.name === 'hsm');
    const days = hsm && property(unwrap(hsm.value), 'softDeleteRetentionInDays');
    return days ? [Number(days.value.text)] : [];
  });
  assert.ok(retentions.includes(7), `retentions in the examples: ${retentions.join(', ') || 'none'}`);
});

test('the longest Databricks workspace name still gives a managed resource group name within the 90 characters Azure allows', () => {
  const dbx = template('modules/cmk-databricks.bicep');
  const name = dbx.params.find((p) => p.name === 'name');
  const maxName = Number(decorator(name, 'maxLength').args[0].text);
  const rg = dbx.params.find((p) => p.name === 'managedResourceGroupName').defaultNode;
  // 'databricks-rg-${name}-${uniqueString(...)}': literal parts, the name, and 13 characters of uniqueString.
  const literal = rg.text.slice(1, -1).replace(/\$\{[^}]*\}/g, '').length;
  const interpolations = rg.text.match(/\$\{[^}]*\}/g);
  assert.deepEqual(interpolations.map((i) => (i === '${name}' ? 'name' : i.startsWith('${uniqueString(') ? 'unique' : i)), ['name', 'unique']);
  assert.ok(literal + maxName + 13 <= 90, `${literal} + ${maxName} + 13 > 90`);
});

test('main.bicep names every resource and module from the checked baseName, never the raw parameter', () => {
  const main = template('main.bicep');
  const raw = [];
  for (const d of [...main.resources, ...main.modules]) {
    const name = d.body && property(d.body, 'name');
    if (name && /\$\{baseName\}/.test(name.value.text)) raw.push(d.symbol);
    const params = d.body && property(d.body, 'params');
    if (params && property(params.value, 'baseName')?.value.text === 'baseName') raw.push(d.symbol);
  }
  assert.deepEqual(raw, []);
  const checked = main.variables.find((v) => v.name === 'checkedBaseName');
  assert.match(checked.value.text, /fail\('baseName/);
});

test('every Managed HSM, Function App and Event Grid topic the templates create sends its logs to Log Analytics', () => {
  const wanted = { 'microsoft.keyvault/managedhsms': 'AuditEvent', 'microsoft.web/sites': 'FunctionAppLogs', 'microsoft.eventgrid/topics': 'DeliveryFailures', 'microsoft.eventgrid/systemtopics': 'DeliveryFailures' };
  const missing = [];
  for (const t of templates) {
    const diagnostics = t.resources.filter((r) => r.type?.toLowerCase() === 'microsoft.insights/diagnosticsettings');
    const scopes = new Map(diagnostics.map((d) => [property(d.body, 'scope')?.value.text, d]));
    for (const r of t.resources.filter((x) => !x.existing && Object.hasOwn(wanted, x.type?.toLowerCase()))) {
      // A topic created under a condition is logged through the `existing` declaration of the same topic.
      const twin = t.resources.find((x) => x.existing && x.type === r.type);
      const d = scopes.get(r.symbol) || (twin && scopes.get(twin.symbol));
      const categories = [];
      if (d) walk(d.body, (n) => { if (n.type === 'object_property' && children(n)[0].text === 'category') categories.push(literalString(children(n)[1])); return true; });
      const props = d && property(d.body, 'properties').value;
      if (!d || !property(props, 'workspaceId') || !categories.includes(wanted[r.type.toLowerCase()])) missing.push(`${path.basename(t.file)}: ${r.symbol}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the key events topic accepts TLS 1.2 and newer only', () => {
  const topic = template('modules/key-events-topic.bicep').resources.find((r) => r.type === 'Microsoft.EventGrid/topics');
  assert.equal(literalString(property(property(topic.body, 'properties').value, 'minimumTlsVersionAllowed').value), '1.2');
});

test('the API app registration roles (bicep/api-app-roles.json) are exactly CmkOrchestrator.Operator and CmkOrchestrator.Reader, for users and applications', () => {
  const roles = JSON.parse(fs.readFileSync(path.join(BICEP, 'api-app-roles.json'), 'utf8'));
  assert.deepEqual(roles.map((r) => r.value).sort(), ['CmkOrchestrator.Operator', 'CmkOrchestrator.Reader']);
  for (const r of roles) {
    assert.match(r.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(r.allowedMemberTypes, ['User', 'Application']);
    assert.equal(r.isEnabled, true);
    assert.ok(r.displayName && r.description);
  }
  assert.equal(new Set(roles.map((r) => r.id)).size, roles.length);
});

test('ARM write events reach the app for HSMs and for every kind a key is bound to, so a key changed outside the app is re-checked at once', () => {
  const events = template('modules/hsm-write-events.bicep');
  const watched = events.params.find((p) => p.name === 'watchedOperations');
  assert.ok(watched, 'hsm-write-events.bicep takes the watched operations as a parameter');
  const operations = (watched.defaultNode.text.match(/'[^']+'/g) || []).map((o) => o.slice(1, -1).toLowerCase());
  for (const wanted of ['microsoft.keyvault/managedhsms/write', 'microsoft.storage/storageaccounts/write',
    'microsoft.compute/diskencryptionsets/write', 'microsoft.databricks/workspaces/write']) {
    assert.ok(operations.includes(wanted), `${wanted} is not among ${operations.join(', ')}`);
  }
  assert.match(events.text ?? fs.readFileSync(path.join(BICEP, 'modules/hsm-write-events.bicep'), 'utf8'),
    /values: watchedOperations/);
});
