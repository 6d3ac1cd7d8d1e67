'use strict';
// Module wiring, which only a compiler would otherwise check: the module file (and any file read
// with loadTextContent and the like) exists, the params
// given exist there, required ones are given, @allowed values are respected, and every
// `<module>.outputs.<name>` read exists. The same params check applies to .bicepparam files.
const fs = require('node:fs');
const path = require('node:path');
const { findingAt } = require('../finding');
const { readTemplate, decorator } = require('../template');
const { children, unwrap, literalString, objectProperties, property, walk } = require('../tree');
const { checkHsmInScope } = require('./hsm-scope');

function checkModules(template, load = cachedReader()) {
  const findings = [];
  const report = (rule, node, message) => findings.push(findingAt(rule, template.file, node, message));
  const targets = new Map();
  for (const m of template.modules) {
    if (m.path === null || /^(br|ts)[:/]/.test(m.path)) continue; // registry modules are out of reach offline
    const file = path.resolve(path.dirname(template.file), m.path);
    if (!fs.existsSync(file)) {
      report('modules/reference', m.pathNode, `module ${m.symbol}: ${m.path} does not exist`);
      continue;
    }
    const target = load(file);
    targets.set(m.symbol, target);
    const params = m.body && property(m.body, 'params');
    const given = params ? objectProperties(unwrap(params.value)) : [];
    checkParams(report, `module ${m.symbol}`, m.body || m.node, target, given.map((p) => ({ name: p.key, node: p.keyNode, value: p.value })),
      !params || unwrap(params.value).type !== 'object');
  }
  walk(template.tree.rootNode, (n) => {
    const loaded = loadedFile(n);
    if (loaded !== null && !fs.existsSync(path.resolve(path.dirname(template.file), loaded))) {
      report('modules/reference', n, `${loaded} does not exist`);
    }
    const read = outputRead(n);
    if (!read || !targets.has(read.symbol)) return true;
    if (!targets.get(read.symbol).outputs.some((o) => o.name === read.output)) {
      report('modules/reference', n, `module ${read.symbol} has no output '${read.output}'`);
    }
    return false;
  });
  return findings;
}

/** Checks a .bicepparam file against the template named by its `using` line. */
function checkBicepparam(template, load = cachedReader()) {
  const findings = [];
  const report = (rule, node, message) => findings.push(findingAt(rule, template.file, node, message));
  if (!template.using || !template.using.path) {
    report('bicepparam/params', null, "a .bicepparam file must start with using '<template>.bicep'");
    return findings;
  }
  const file = path.resolve(path.dirname(template.file), template.using.path);
  if (!fs.existsSync(file)) {
    report('bicepparam/params', template.using.node, `${template.using.path} does not exist`);
    return findings;
  }
  // In a .bicepparam, `param x = v` was parsed as a variable declaration (see parse.js).
  const given = template.variables.map((v) => ({ name: v.name, node: v.node, value: v.value }));
  const target = load(file);
  checkParams(report, 'parameters file', template.using.node, target, given, false, 'bicepparam/params');
  return findings.concat(checkHsmInScope(template, target));
}

/**
 * given: [{name, node, value}]. `open` means the params object is not a literal (e.g. a
 * variable), so required params cannot be counted.
 */
function checkParams(report, owner, ownerNode, target, given, open, rule = 'modules/params') {
  const declared = new Map(target.params.map((p) => [p.name, p]));
  for (const g of given) {
    if (g.name === null) continue;
    const p = declared.get(g.name);
    if (!p) {
      report(rule, g.node, `${owner}: ${path.basename(target.file)} has no param '${g.name}'`);
      continue;
    }
    if (rule === 'modules/params' && isRequired(p)) requiredIsNotDefaulted(report, owner, g);
    const allowed = decorator(p, 'allowed');
    const value = literalString(g.value);
    if (allowed && value !== null) {
      const values = children(unwrap(allowed.args[0])).map(literalString).filter((v) => v !== null);
      if (!values.includes(value)) report(rule, g.value, `${owner}: '${value}' is not allowed for ${g.name} (${values.join(', ')})`);
    }
  }
  if (open) return;
  const names = new Set(given.map((g) => g.name));
  for (const p of target.params) {
    if (p.defaultNode === null && !p.nullable && !names.has(p.name)) {
      report(rule, ownerNode, `${owner}: required param '${p.name}' of ${path.basename(target.file)} is not given`);
    }
  }
}

function isRequired(param) {
  return param.defaultNode === null && !param.nullable;
}

/**
 * `x.?y ?? ''` handed to a Required module param turns a missing value into an empty one, and
 * the deployment fails later with an unclear error (or not at all). A missing value needs
 * `?? fail('why it is needed')`.
 */
function requiredIsNotDefaulted(report, owner, given) {
  const value = unwrap(given.value);
  if (!value || value.type !== 'binary_expression') return;
  const operator = value.children.find((c) => !c.isNamed)?.type;
  const fallback = unwrap(value.childForFieldName('right'));
  const empty = fallback && ((fallback.type === 'string' && literalString(fallback) === '')
    || ((fallback.type === 'array' || fallback.type === 'object') && children(fallback).length === 0));
  if (operator === '??' && empty) {
    report('deploy/required-param-fallback', given.value,
      `${owner}: '${given.name}' is required by the module, but ${given.value.text} hands it an empty value when missing; use ?? fail('<why it is needed>')`);
  }
}

const LOAD_FUNCTIONS = new Set(['loadTextContent', 'loadJsonContent', 'loadYamlContent', 'loadFileAsBase64']);

/** The literal path of a loadTextContent(...)-style call (files are read at compile time), else null. */
function loadedFile(node) {
  if (node.type !== 'call_expression') return null;
  const fn = node.childForFieldName('function').text.replace(/^sys\./, '');
  if (!LOAD_FUNCTIONS.has(fn)) return null;
  const args = node.childForFieldName('arguments');
  return args ? literalString(children(args)[0]) : null;
}

/** `{symbol, output}` for `m.outputs.x`, `m[i].outputs.x` or `m.outputs.?x`, else null. */
function outputRead(node) {
  if (node.type !== 'member_expression') return null;
  const outputs = node.childForFieldName('object');
  if (!outputs || outputs.type !== 'member_expression' || outputs.childForFieldName('property').text !== 'outputs') return null;
  let owner = outputs.childForFieldName('object');
  if (owner.type === 'subscript_expression') owner = owner.childForFieldName('object');
  if (owner.type !== 'identifier') return null;
  return { symbol: owner.text, output: node.childForFieldName('property').text.replace(/^\?/, '') };
}

function cachedReader() {
  const cache = new Map();
  return (file) => {
    if (!cache.has(file)) cache.set(file, readTemplate(file));
    return cache.get(file);
  };
}

module.exports = { checkModules, checkBicepparam, cachedReader };
