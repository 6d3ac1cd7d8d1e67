'use strict';
// Resource declarations the type data does not cover are listed on purpose, and bicep/README.md
// names the same ones, so the note and the check cannot drift apart.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { DEFAULTS, readAcknowledged } = require('../src/check');

test('bicep/README.md lists exactly the acknowledged not-covered types, or says none', () => {
  const readme = fs.readFileSync(path.join(DEFAULTS.repoRoot, 'bicep', 'README.md'), 'utf8');
  const section = /## Not covered by the type data\n([\s\S]*?)(\n## |$)/.exec(readme);
  assert.ok(section, 'bicep/README.md needs a "## Not covered by the type data" section');
  const listed = [...section[1].matchAll(/^- `([^`@]+@[^`]+)`/gm)].map((m) => m[1]).sort();
  const acknowledged = readAcknowledged().map((a) => `${a.type}@${a.apiVersion}`).sort();
  assert.deepEqual(listed, acknowledged);
  if (acknowledged.length === 0) assert.match(section[1], /\bNone\b/);
});
