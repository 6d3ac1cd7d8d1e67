'use strict';
// Shared by the test files: where the fixtures are, and one Checker for them all.
const path = require('node:path');
const { Checker } = require('../src/check');

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const checker = new Checker({ acknowledged: [] });

/** The rule a broken fixture declares on a "// expect: <rule>" line. */
function expectedRule(text) {
  const m = /^\/\/ expect: (\S+)$/m.exec(text);
  if (!m) throw new Error('broken fixture without an "// expect: <rule>" line');
  return m[1];
}

module.exports = { FIXTURES, checker, expectedRule };
