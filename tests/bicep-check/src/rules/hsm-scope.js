'use strict';
// A parameters file evaluated against its template for the one question main.bicep settles with
// fail() at deployment time: does the HSM it names lie within managedScopes? The app refuses every
// binding whose HSM is outside CMK_SCOPE_ALLOW_LIST (= managedScopes), and its ARM role is
// assigned only there, so such a deployment goes green and then nothing works. Only literal
// values are judged; an expression (readEnvironmentVariable, ...) is left to the deployment.
const { findingAt } = require('../finding');
const { children, unwrap, literalString, objectProperties, property } = require('../tree');

const RULE = 'bicepparam/hsm-in-scope';

/**
 * @param template the .bicepparam file (its `param x = v` read as variables)
 * @param target   the template named by its `using` line
 */
function checkHsmInScope(template, target) {
  const declares = (name) => target.params.some((p) => p.name === name);
  if (!declares('managedScopes') || !declares('hsm')) return [];
  const given = (name) => template.variables.find((v) => v.name === name);
  const hsm = given('hsm');
  const hsmValue = hsm && unwrap(hsm.value);
  if (!hsmValue || hsmValue.type !== 'object') return [];
  const report = (node, message) => [findingAt(RULE, template.file, node, message)];
  const at = (key) => {
    const p = property(hsmValue, key);
    return p ? literalString(p.value) : null;
  };
  const name = at('name') || '(unnamed)';
  const subscriptionId = at('subscriptionId');
  const resourceGroupName = at('resourceGroupName');
  if (!subscriptionId || !resourceGroupName) {
    return report(hsm.node, `hsm '${name}' must name its subscriptionId and resourceGroupName, so that its place can be checked against managedScopes (the app refuses every HSM outside them)`);
  }
  const scopes = unwrap(given('managedScopes')?.value);
  if (!scopes || scopes.type !== 'array') return [];
  const entries = children(scopes).map((e) => (e.type === 'object' ? Object.fromEntries(objectProperties(e).map((p) => [p.key, literalString(p.value)])) : null));
  if (entries.some((e) => e === null || !e.subscriptionId)) return [];
  const same = (a, b) => a.toLowerCase() === b.toLowerCase();
  const covered = entries.some((e) => same(e.subscriptionId, subscriptionId) && (!e.resourceGroupName || same(e.resourceGroupName, resourceGroupName)));
  if (covered) return [];
  return report(hsm.node, `hsm '${name}' lies in /subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}, outside managedScopes: the app would refuse every binding against it (main.bicep stops such a deployment with fail()); add that resource group or its subscription to managedScopes`);
}

module.exports = { checkHsmInScope };
