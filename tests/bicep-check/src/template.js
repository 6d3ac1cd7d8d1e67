'use strict';
// The declarations of one Bicep file (params, outputs, resources, modules, vars, types), read
// from its tree-sitter tree so that the rules never walk raw syntax for the common questions.
const fs = require('node:fs');
const { parseBicep, parseBicepparam } = require('./parse');
const { children, literalString, decoratorsOf, objectProperties } = require('./tree');

/** Reads and parses a .bicep or .bicepparam file. */
function readTemplate(file) {
  const text = fs.readFileSync(file, 'utf8');
  const tree = file.endsWith('.bicepparam') ? parseBicepparam(text) : parseBicep(text);
  return describe(file, text, tree);
}

function describe(file, text, tree) {
  const t = {
    file, text, tree,
    params: [], outputs: [], resources: [], modules: [], variables: [], types: [], functions: [],
    using: null, targetScope: 'resourceGroup',
  };
  let pending = [];
  for (const node of children(tree.rootNode)) {
    if (node.type === 'decorators') { pending = decoratorsOf(node); continue; }
    const decorators = pending;
    pending = [];
    const parts = children(node);
    switch (node.type) {
      case 'parameter_declaration': t.params.push(param(node, parts, decorators)); break;
      case 'output_declaration': t.outputs.push(output(node, parts, decorators)); break;
      case 'resource_declaration': collectResources(node, decorators, null, t.resources); break;
      case 'module_declaration': t.modules.push(moduleOf(node, parts, decorators)); break;
      case 'variable_declaration':
        t.variables.push({ name: parts[0].text, node, decorators, value: parts[1] }); break;
      case 'type_declaration':
        t.types.push({ name: parts[0].text, node, decorators, value: parts[1] }); break;
      case 'user_defined_function':
        t.functions.push({ name: node.childForFieldName('name').text, node, decorators }); break;
      case 'using_statement': t.using = { path: literalString(parts[0]), node }; break;
      case 'target_scope_assignment': t.targetScope = literalString(parts[0]); break;
      default: break;
    }
  }
  return t;
}

function param(node, parts, decorators) {
  // `param name type [= default]`; in a .bicepparam (parsed as `var`) there is no type.
  const typeNode = parts.find((p) => p.type === 'type') || null;
  const afterType = typeNode ? parts.slice(parts.indexOf(typeNode) + 1) : parts.slice(1);
  const nullable = !!typeNode && children(typeNode)[0]?.type === 'nullable_type';
  return { name: parts[0].text, node, decorators, typeNode, defaultNode: afterType[0] || null, nullable };
}

function output(node, parts, decorators) {
  return { name: parts[0].text, node, decorators, typeNode: parts[1], value: parts[2] || null };
}

/** Body object, loop and condition of a resource or module value. */
function bodyOf(valueNode) {
  let node = valueNode;
  let loop = false;
  let conditional = false;
  if (node.type === 'for_statement') { loop = true; node = node.childForFieldName('body'); }
  if (node.type === 'if_statement') { conditional = true; node = children(node).find((c) => c.type === 'object'); }
  return { body: node && node.type === 'object' ? node : null, loop, conditional };
}

function collectResources(node, decorators, parent, out) {
  const parts = children(node);
  const typeString = literalString(parts[1]) || '';
  const existing = node.children.some((c) => !c.isNamed && c.type === 'existing');
  const { body, loop, conditional } = bodyOf(parts[parts.length - 1]);
  let [type, apiVersion] = typeString.split('@');
  if (parent && !typeString.includes('@')) {
    // A nested child may name only its last segment; it inherits the parent's type and version.
    type = `${parent.type}/${typeString}`;
    apiVersion = parent.apiVersion;
  }
  const resource = {
    symbol: parts[0].text, node, typeNode: parts[1], typeString, type, apiVersion: apiVersion || null,
    existing, body, loop, conditional, decorators, parent, nested: !!parent,
  };
  out.push(resource);
  if (body) {
    for (const p of objectProperties(body)) {
      if (p.nested) collectResources(p.nested, p.decorators, resource, out);
    }
  }
}

function moduleOf(node, parts, decorators) {
  const { body, loop, conditional } = bodyOf(parts[parts.length - 1]);
  return { symbol: parts[0].text, node, path: literalString(parts[1]), pathNode: parts[1], body, loop, conditional, decorators };
}

/** The decorator `name` of a declaration, or undefined. */
function decorator(declaration, name) {
  return declaration.decorators.find((d) => d.name === name);
}

module.exports = { readTemplate, describe, decorator };
