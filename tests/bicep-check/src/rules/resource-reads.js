'use strict';
// Reads such as `hsm.properties.hsmUri` or `workspace.properties.managedDiskIdentity.principalId`
// must name properties that exist in the resource's type: a misspelt read is an error the
// compiler would catch, and a read-only output (hsmUri, keyUriWithVersion) is where the real
// values come from. The chain is followed while the type is known; a dictionary (outputs, tags),
// a union or `any` ends it.
const { findingAt } = require('../finding');
const { literalString, property, walk } = require('../tree');

function checkResourceReads(template, typeData) {
  const findings = [];
  const reported = new Set(); // a chain's prefixes are chains too: report each bad step once
  const resources = new Map(template.resources.map((r) => [r.symbol, r]));
  walk(template.tree.rootNode, (node) => {
    if (node.type !== 'member_expression' && node.type !== 'subscript_expression') return true;
    const { root, steps } = chainOf(node);
    const resource = root && root.type === 'identifier' ? resources.get(root.text) : undefined;
    if (!resource || !resource.type || !resource.apiVersion) return true;
    const hit = typeData.resource(resource.type, resource.apiVersion);
    if (!hit.found) return true; // reported by types/resource-type
    // A resource collection (loop) is indexed first: `readers[0].id`.
    const path = resource.loop && steps[0]?.index ? steps.slice(1) : steps;
    follow(hit, resource, path, (step, message) => {
      if (reported.has(step.node.startIndex)) return;
      reported.add(step.node.startIndex);
      findings.push(findingAt('types/unknown-read', template.file, step.node, message));
    });
    return true;
  });
  return findings;
}

/** The identifier a member/subscript chain starts from, and its steps from there outwards. */
function chainOf(node) {
  const steps = [];
  let current = node;
  while (current.type === 'member_expression' || current.type === 'subscript_expression') {
    if (current.type === 'member_expression') {
      const name = current.childForFieldName('property').text.replace(/^\?/, '');
      steps.unshift({ name, node: current.childForFieldName('property') });
    } else {
      steps.unshift({ index: true, node: current });
    }
    current = current.childForFieldName('object');
  }
  return { root: current, steps };
}

function follow(hit, resource, steps, report) {
  let type = hit.body;
  let where = resource.symbol;
  for (const step of steps) {
    if (!type) return;
    if (step.index) {
      if (type.$type !== 'ArrayType') return;
      type = hit.file.resolve(type.itemType);
      where += '[]';
      continue;
    }
    const shape = shapeOf(hit, resource, type, where === resource.symbol);
    if (!shape) return; // union, any, primitive: nothing more to follow
    const declared = shape.properties[step.name];
    if (!declared) {
      if (!shape.additional) report(step, `${where}.${step.name} is not a property of ${resource.type}@${resource.apiVersion}`);
      return;
    }
    type = declared.type ? hit.file.resolve(declared.type) : null;
    where += `.${step.name}`;
  }
}

/** Properties readable at this point; the resource body's discriminator comes from the declaration. */
function shapeOf(hit, resource, type, atRoot) {
  if (type.$type === 'ObjectType') return { properties: type.properties || {}, additional: !!type.additionalProperties };
  if (type.$type !== 'DiscriminatedObjectType' || !atRoot || !resource.body) return null;
  const tag = literalString(property(resource.body, type.discriminator)?.value);
  const ref = tag !== null ? type.elements[tag] : undefined;
  if (!ref) return null;
  const variant = hit.file.resolve(ref);
  return { properties: { ...type.baseProperties, ...variant.properties }, additional: !!variant.additionalProperties };
}

module.exports = { checkResourceReads };
