'use strict';
// The function-name comparison: defaults of main.bicep's *FunctionName params against the
// @FunctionName values of the Java sources, on fixture copies of both.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { checkFunctionNames } = require('../src/rules/function-names');
const { functionNamesPaths } = require('../src/check');
const { FIXTURES, checker } = require('./helpers');

const fixture = (name) => checkFunctionNames(functionNamesPaths(path.join(FIXTURES, 'function-names', name)));
const messages = (result) => result.findings.map((f) => `${path.basename(f.file)}:${f.line}: ${f.message}`);

test('defaults that are Java function names have no findings; params without a default or another suffix are not checked', () => {
  const result = fixture('matching');
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.checked, [
    { name: 'hsmWriteFunctionName', value: 'OnResourceWrite' },
    { name: 'keyEventFunctionName', value: 'OnKeyEvent' },
  ]);
});

test('@FunctionName("x") and @FunctionName(value = "x") count, commented-out ones do not', () => {
  assert.deepEqual([...fixture('matching').java].sort(), ['OnKeyEvent', 'OnResourceWrite']);
});

test('the fixture templates pass every per-file rule, so the broken tree fails for functions/names alone', () => {
  for (const name of ['matching', 'unknown']) {
    const file = path.join(FIXTURES, 'function-names', name, 'bicep', 'main.bicep');
    assert.deepEqual(checker.checkFile(file).findings.map(String), []);
  }
});

test('a default that is not a Java function name fails the check at its param', () => {
  const result = fixture('unknown');
  assert.ok(result.findings.length > 0);
  assert.ok(result.findings.every((f) => f.rule === 'functions/names'));
  const found = messages(result);
  assert.ok(found.includes("main.bicep:3: the default of hsmWriteFunctionName, 'onHsmWrite', is not a @FunctionName of the Java code (OnKeyEvent, OnResourceWrite)"), found.join('\n'));
});

test('a default that differs from a Java function name only in case fails, naming the right spelling', () => {
  const found = messages(fixture('unknown'));
  assert.ok(found.includes("main.bicep:6: the default of keyEventFunctionName, 'onKeyEvent', differs only in case from the Java function 'OnKeyEvent'; use that exact name"), found.join('\n'));
});

test('a default that is an expression fails: it cannot be checked', () => {
  const found = messages(fixture('unknown'));
  assert.ok(found.includes('main.bicep:9: the default of computedFunctionName must be a string literal so it can be checked against the Java @FunctionName values'), found.join('\n'));
  assert.equal(found.length, 3, found.join('\n'));
});

test('a @FunctionName that is not a string literal fails instead of being skipped', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bicep-check-'));
  const paths = functionNamesPaths(root);
  fs.mkdirSync(path.dirname(paths.mainBicep), { recursive: true });
  fs.writeFileSync(paths.mainBicep, "@description('Optional. x')\nparam keyEventFunctionName string = 'OnKeyEvent'\n");
  fs.mkdirSync(paths.javaSources, { recursive: true });
  fs.writeFileSync(path.join(paths.javaSources, 'F.java'),
    'class F {\n  @FunctionName(Names.KEY_EVENT) void a() {}\n  @FunctionName("OnKeyEvent") void b() {}\n}\n');
  const found = checkFunctionNames(paths).findings.map((f) => f.message);
  assert.deepEqual(found, ['@FunctionName(Names.KEY_EVENT) is not a string literal, so the function names cannot be compared']);
});

test('missing input files fail the check instead of skipping it', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'bicep-check-'));
  const result = checkFunctionNames(functionNamesPaths(empty));
  assert.equal(result.java, null);
  assert.equal(result.findings.length, 2);
  assert.ok(result.findings.every((f) => f.rule === 'functions/names' && /does not exist/.test(f.message)));
});
