'use strict';
// Azure Verified Modules conventions, and the one Managed HSM mistake a template can show:
// granting a Managed HSM *local* role through an ARM role assignment (it grants nothing).
const { findingAt } = require('../finding');
const { decorator } = require('../template');
const { children, unwrap, literalString, objectProperties, property, walk } = require('../tree');

// Managed HSM local RBAC role definition IDs (azure-facts.md section 3). None of them is an
// ARM role definition, so an ARM assignment naming one fails or grants no key access.
const HSM_LOCAL_ROLE_IDS = Object.freeze({
  'a290e904-7015-4bba-90c8-60543313cdb4': 'Managed HSM Administrator',
  '515eb02d-2335-4d2d-92f2-b1cbdf9c3778': 'Managed HSM Crypto Officer',
  '21dbd100-6940-42c2-9190-5d6cb909625b': 'Managed HSM Crypto User',
  '4bd23610-cdcf-4971-bdee-bdc562cc28e4': 'Managed HSM Policy Administrator',
  '2c18b078-7c48-4d3a-af88-5a3a1b3f82b3': 'Managed HSM Crypto Auditor',
  '33413926-3206-4cdd-b39a-83574fe37a17': 'Managed HSM Crypto Service Encryption User',
  '21dbd100-6940-42c2-9190-5d6cb909625c': 'Managed HSM Crypto Service Release User',
  '7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8': 'Managed HSM Backup',
  '6efe6056-5259-49d2-8b3d-d3d73544b20b': 'Managed HSM Restore',
});

function checkConventions(template) {
  const findings = [];
  const report = (rule, node, message) => findings.push(findingAt(rule, template.file, node, message));
  for (const p of template.params) describedAsRequiredOrOptional(report, 'param', p.name, p, p.defaultNode !== null || p.nullable);
  for (const o of template.outputs) described(report, 'output', o.name, o);
  for (const t of template.types) typeProperties(report, t);
  for (const r of template.resources) {
    if (r.existing || !r.body) continue;
    const type = r.type?.toLowerCase();
    if (type === 'microsoft.authorization/roleassignments' || type === 'microsoft.authorization/roledefinitions') {
      guidName(report, r);
    }
    if (type === 'microsoft.authorization/roleassignments') noHsmLocalRole(report, template, r);
    if (!r.nested && r.type && r.type.split('/').length > 2) usesParent(report, r);
  }
  return findings;
}

function described(report, kind, name, declaration) {
  const d = decorator(declaration, 'description');
  const text = d && d.args[0] ? literalString(d.args[0]) : null;
  if (!text || !text.trim()) {
    report('conventions/description', declaration.node, `${kind} ${name} has no @description`);
    return null;
  }
  return text;
}

function describedAsRequiredOrOptional(report, kind, name, declaration, hasDefault) {
  const text = described(report, kind, name, declaration);
  if (text === null) return;
  const word = /^(Required|Optional|Conditional)\./.exec(text)?.[1];
  if (!word) {
    report('conventions/required-optional', declaration.node, `${kind} ${name}: description must start with 'Required.', 'Optional.' or 'Conditional.'`);
  } else if (word === 'Required' && hasDefault) {
    report('conventions/required-optional', declaration.node, `${kind} ${name} has a default or is nullable, so it is not 'Required.'`);
  } else if (word === 'Optional' && !hasDefault) {
    report('conventions/required-optional', declaration.node, `${kind} ${name} has no default and is not nullable, so it is not 'Optional.'`);
  }
}

/** Properties of object types in `type` declarations, at any depth. */
function typeProperties(report, typeDeclaration) {
  described(report, 'type', typeDeclaration.name, typeDeclaration);
  walk(typeDeclaration.value, (node) => {
    if (node.type !== 'object') return true;
    for (const p of objectProperties(node)) {
      const nullable = p.value && (p.value.type === 'nullable_type' || /\?\s*$/.test(p.value.text));
      describedAsRequiredOrOptional(report, 'type property', `${typeDeclaration.name}.${p.key}`, { node: p.node, decorators: p.decorators }, nullable);
    }
    return true;
  });
}

function guidName(report, resource) {
  const name = property(resource.body, 'name');
  const value = name && unwrap(name.value);
  const fn = value && value.type === 'call_expression' ? value.childForFieldName('function').text : null;
  const args = fn ? children(value.childForFieldName('arguments')) : [];
  if (fn !== 'guid' || args.length < 3) {
    report('conventions/role-assignment-name', name ? name.value : resource.node,
      `${resource.symbol}: name must be guid(scope, principal, role) so that a redeployment is a no-op`);
  }
}

function noHsmLocalRole(report, template, resource) {
  const roleProperty = property(property(resource.body, 'properties')?.value, 'roleDefinitionId');
  if (!roleProperty) return;
  // Follow variable references one level: role IDs usually live in a var map (`roles.reader`).
  let text = roleProperty.value.text;
  const variable = (name) => template.variables.find((x) => x.name === name);
  walk(roleProperty.value, (n) => {
    if (n.type === 'member_expression') {
      const base = variable(n.childForFieldName('object').text);
      const entry = base && property(base.value, n.childForFieldName('property').text);
      if (entry) { text += ` ${entry.value.text}`; return false; }
    }
    if (n.type === 'identifier' && variable(n.text)) text += ` ${variable(n.text).value.text}`;
    return true;
  });
  for (const [id, role] of Object.entries(HSM_LOCAL_ROLE_IDS)) {
    if (text.toLowerCase().includes(id)) {
      report('conventions/hsm-local-role-via-arm', roleProperty.value,
        `${resource.symbol}: '${role}' is a Managed HSM local role; grant it on the HSM data plane (modules/hsm-local-rbac.bicep), an ARM role assignment gives no key access`);
    }
  }
}

function usesParent(report, resource) {
  if (!property(resource.body, 'parent')) {
    report('conventions/use-parent', resource.node, `${resource.symbol}: child resource ${resource.type} must set parent: instead of a '/'-separated name`);
  }
}

module.exports = { checkConventions, HSM_LOCAL_ROLE_IDS };
