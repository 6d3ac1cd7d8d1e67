'use strict';
// Small readers over tree-sitter-bicep nodes: literals, object properties, decorators, positions.

const ESCAPES = { "'": "'", '\\': '\\', n: '\n', r: '\r', t: '\t', $: '$' };

/** Named children without comments. */
function children(node) {
  return node.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'diagnostic_comment');
}

/** Strips any number of parentheses around an expression. */
function unwrap(node) {
  let n = node;
  while (n && n.type === 'parenthesized_expression') n = children(n)[0];
  return n;
}

/** The value of a string literal without interpolation, else null. */
function literalString(node) {
  const n = unwrap(node);
  if (!n || n.type !== 'string') return null;
  if (n.namedChildren.some((c) => c.type === 'interpolation')) return null;
  const raw = n.text;
  if (raw.startsWith("'''")) return raw.slice(3, -3).replace(/^\r?\n/, '');
  return raw.slice(1, -1).replace(/\\(u\{[0-9A-Fa-f]+\}|.)/g, (_, e) =>
    e.startsWith('u{') ? String.fromCodePoint(parseInt(e.slice(2, -1), 16)) : (ESCAPES[e] ?? e));
}

/** True for a string with at least one ${...}. */
function isInterpolated(node) {
  const n = unwrap(node);
  return !!n && n.type === 'string' && n.namedChildren.some((c) => c.type === 'interpolation');
}

/**
 * The properties of an object literal, each with its decorators:
 * { key (null when computed), keyNode, value, decorators, node, nested (a resource_declaration) }.
 */
function objectProperties(objectNode) {
  const out = [];
  let pending = [];
  for (const c of children(objectNode)) {
    if (c.type === 'decorators') { pending = decoratorsOf(c); continue; }
    if (c.type !== 'object_property') continue;
    const parts = children(c);
    if (parts[0] && parts[0].type === 'resource_declaration') {
      out.push({ key: null, keyNode: null, value: null, decorators: pending, node: c, nested: parts[0] });
    } else {
      const keyNode = parts[0];
      const key = keyNode.type === 'string' ? literalString(keyNode) : keyNode.text;
      out.push({ key, keyNode, value: parts[1], decorators: pending, node: c, nested: null });
    }
    pending = [];
  }
  return out;
}

/** The property named `key` of an object literal, or undefined. */
function property(objectNode, key) {
  const n = unwrap(objectNode);
  if (!n || n.type !== 'object') return undefined;
  return objectProperties(n).find((p) => p.key === key);
}

/** Items of an array literal (decorators skipped). */
function arrayItems(arrayNode) {
  return children(arrayNode).filter((c) => c.type !== 'decorators');
}

/** [{ name, args, node }] for a `decorators` node; `@sys.description` is named `description`. */
function decoratorsOf(decoratorsNode) {
  return children(decoratorsNode).filter((d) => d.type === 'decorator').map((d) => {
    const call = children(d)[0];
    const fn = call.childForFieldName('function');
    const name = fn.type === 'member_expression' ? fn.childForFieldName('property').text : fn.text;
    const argsNode = call.childForFieldName('arguments');
    return { name, args: argsNode ? children(argsNode) : [], node: d };
  });
}

/** 1-based { line, column } of a node. */
function position(node) {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** Depth-first walk over named nodes; `visit` returning false skips the children. */
function walk(node, visit) {
  if (visit(node) === false) return;
  for (const c of node.namedChildren) walk(c, visit);
}

module.exports = {
  children, unwrap, literalString, isInterpolated, objectProperties, property, arrayItems,
  decoratorsOf, position, walk,
};
