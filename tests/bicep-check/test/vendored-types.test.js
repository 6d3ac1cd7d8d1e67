'use strict';
// The vendored type data is a faithful copy: identical to the shared reference folder when it can
// be found, listed in PROVENANCE.md, and shipped with its license.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { DEFAULTS } = require('../src/check');
const { TypeData } = require('../src/type-data');

const vendored = new TypeData(DEFAULTS.typeDataDir).versions().sort();

/** The shared bicep-types folder: `shared/` beside the repository, or beside a parent of it. */
function sharedTypes() {
  let dir = path.dirname(DEFAULTS.repoRoot);
  for (let i = 0; i < 3; i += 1) {
    const candidate = path.join(dir, 'shared', 'bicep-types');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

test('every vendored types.json is byte-identical to the shared copy', (t) => {
  const shared = sharedTypes();
  if (!shared) {
    t.skip('no shared/bicep-types beside the repository on this machine');
    return;
  }
  for (const version of vendored) {
    const mine = fs.readFileSync(path.join(DEFAULTS.typeDataDir, version, 'types.json'));
    const theirs = path.join(shared, version, 'types.json');
    assert.ok(fs.existsSync(theirs), `${version} is not in ${shared}`);
    assert.ok(mine.equals(fs.readFileSync(theirs)), `${version}/types.json differs from ${theirs}`);
  }
});

test('PROVENANCE.md lists exactly the vendored files', () => {
  const provenance = fs.readFileSync(path.join(DEFAULTS.typeDataDir, 'PROVENANCE.md'), 'utf8');
  const listed = [...provenance.matchAll(/^\| `([^`]+)\/types\.json` \|/gm)].map((m) => m[1]).sort();
  assert.deepEqual(listed, vendored);
  assert.match(provenance, /1f896de2db966ad91e8f7d7d981e11d32e4f5d8d/);
});

test('the MIT license of Azure/bicep-types-az is shipped with the data', () => {
  const license = fs.readFileSync(path.join(DEFAULTS.typeDataDir, 'LICENSE'), 'utf8');
  assert.match(license, /MIT License/);
  assert.match(license, /Microsoft Corporation/);
});
