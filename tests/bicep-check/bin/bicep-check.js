#!/usr/bin/env node
'use strict';
// Offline checks of the repository's Bicep files. Usage:
//   node bin/bicep-check.js                 check bicep/**, the app settings and the function names of the repository
//   node bin/bicep-check.js FILE...         check only these .bicep / .bicepparam files
// Exits 1 when anything is found. The last line is "bicep-check: N passed, M failed".
const path = require('node:path');
const { Checker, DEFAULTS } = require('../src/check');

function main(args) {
  const checker = new Checker();
  const results = args.length > 0
    ? { files: args.map((f) => checker.checkFile(f)), settings: null, functionNames: null }
    : checker.checkRepository();
  // Paths print relative to the repository root, wherever the command runs from.
  const rel = (f) => {
    const r = path.relative(DEFAULTS.repoRoot, path.resolve(f));
    return r.startsWith('..') ? path.resolve(f) : r;
  };
  let passed = 0;
  let failed = 0;
  for (const r of results.files) {
    if (r.findings.length === 0) { passed += 1; console.log(`ok    ${rel(r.file)}`); continue; }
    failed += 1;
    console.log(`FAIL  ${rel(r.file)}`);
    for (const f of r.findings) console.log(`      ${rel(f.file)}:${f.line}:${f.column} [${f.rule}] ${f.message}`);
  }
  if (results.settings) {
    const { findings, sets } = results.settings;
    if (findings.length === 0) {
      passed += 1;
      console.log(`ok    app settings: ${sets.bicep.size} in main.bicep, ${sets.local.size} in local.settings.sample.json, ${sets.java.size} read by Java`);
    } else {
      failed += 1;
      console.log('FAIL  app settings');
      for (const f of findings) console.log(`      ${rel(f.file)}:${f.line} [${f.rule}] ${f.message}`);
    }
  }
  if (results.functionNames) {
    const { findings, java, checked } = results.functionNames;
    if (findings.length === 0) {
      passed += 1;
      console.log(`ok    function names: ${checked.map((c) => `${c.name}=${c.value}`).join(', ') || 'no *FunctionName defaults'} in main.bicep, among ${java.size} Java @FunctionName`);
    } else {
      failed += 1;
      console.log('FAIL  function names');
      for (const f of findings) console.log(`      ${rel(f.file)}:${f.line} [${f.rule}] ${f.message}`);
    }
  }
  const notCovered = results.files.flatMap((r) => r.notCovered);
  console.log(notCovered.length === 0
    ? `type data: every resource declaration is covered by ${rel(DEFAULTS.typeDataDir)}`
    : 'type data does not cover (acknowledged in not-covered.json):');
  for (const n of notCovered) console.log(`      ${n.type}@${n.apiVersion} in ${rel(n.file)}: ${n.reason}`);
  console.log(`bicep-check: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
