'use strict';
// Authority no wider than needed (issue 10): a Function App's HTTP API sits behind Entra ID
// sign-in with only the Event Grid webhook left to its key, and no template hands a broad
// Managed HSM local role to anyone through the grant module.
const { findingAt } = require('../finding');
const { children, unwrap, literalString, objectProperties, property, walk } = require('../tree');

const EVENT_GRID_WEBHOOK = '/runtime/webhooks/eventgrid';
// Each of these reaches far beyond one key: purge and export (Crypto Officer), every
// cryptographic operation, delete, backup and import (Crypto User), or grants of anything
// (Administrator, Policy Administrator). The app has its own custom role instead.
const BROAD_HSM_ROLES = new Set([
  'Managed HSM Administrator', 'Managed HSM Crypto Officer', 'Managed HSM Crypto User', 'Managed HSM Policy Administrator',
]);

function checkAccess(template) {
  const findings = [];
  const report = (rule, node, message) => findings.push(findingAt(rule, template.file, node, message));
  for (const site of template.resources.filter(isFunctionApp)) apiSignIn(report, template, site);
  noBroadHsmRole(report, template);
  return findings;
}

function isFunctionApp(r) {
  return !r.existing && !!r.body && r.type?.toLowerCase() === 'microsoft.web/sites'
    && (literalString(property(r.body, 'kind')?.value) || '').includes('functionapp');
}

function apiSignIn(report, template, site) {
  const auth = template.resources.find((r) => !r.existing && r.body
    && r.type?.toLowerCase() === 'microsoft.web/sites/config'
    && literalString(property(r.body, 'name')?.value) === 'authsettingsV2'
    && (r.parent?.symbol === site.symbol || property(r.body, 'parent')?.value.text === site.symbol));
  const fail = (node, what) => report('security/api-auth', node, `${site.symbol}: ${what}`);
  if (!auth) {
    fail(site.node, "no App Service authentication: add a Microsoft.Web/sites/config 'authsettingsV2' child that requires Entra ID sign-in; function keys alone are not the gate");
    return;
  }
  const props = property(auth.body, 'properties')?.value;
  const at = (...path) => path.reduce((node, key) => node && property(node, key)?.value, props);
  const isTrue = (node) => unwrap(node)?.type === 'boolean' && unwrap(node).text === 'true';
  if (!isTrue(at('platform', 'enabled'))) fail(auth.node, 'authsettingsV2 platform.enabled must be true');
  if (!isTrue(at('globalValidation', 'requireAuthentication'))) fail(auth.node, 'authsettingsV2 globalValidation.requireAuthentication must be true');
  if (literalString(at('globalValidation', 'unauthenticatedClientAction')) !== 'Return401') {
    fail(auth.node, "authsettingsV2 globalValidation.unauthenticatedClientAction must be 'Return401': an API answers anonymous callers with 401, not a login page");
  }
  const excluded = literalStrings(template, at('globalValidation', 'excludedPaths'));
  if (excluded === null || !excluded.some((p) => p.toLowerCase() === EVENT_GRID_WEBHOOK)) {
    fail(auth.node, `authsettingsV2 globalValidation.excludedPaths must list ${EVENT_GRID_WEBHOOK} (as literals): Event Grid cannot sign in and keeps its key`);
  } else if (excluded.some((p) => p.toLowerCase() !== EVENT_GRID_WEBHOOK)) {
    fail(auth.node, `authsettingsV2 globalValidation.excludedPaths may list only ${EVENT_GRID_WEBHOOK}, the one path left to a function key`);
  }
  const aad = at('identityProviders', 'azureActiveDirectory');
  if (!isTrue(property(aad, 'enabled')?.value) || !property(property(aad, 'validation')?.value, 'allowedAudiences')) {
    fail(auth.node, 'authsettingsV2 identityProviders.azureActiveDirectory must be enabled with validation.allowedAudiences');
  }
}

/** The string literals of an array literal, or of the variable it names; null when not literal. */
function literalStrings(template, node) {
  let n = unwrap(node);
  if (n && n.type === 'identifier') n = unwrap(template.variables.find((v) => v.name === n.text)?.value);
  if (!n || n.type !== 'array') return null;
  const values = children(n).map(literalString);
  return values.includes(null) ? null : values;
}

/** Any `role: '<broad role>'` in an object literal: the shape of hsm-local-rbac.bicep's grants. */
function noBroadHsmRole(report, template) {
  walk(template.tree.rootNode, (n) => {
    if (n.type !== 'object') return true;
    for (const p of objectProperties(n)) {
      const role = p.key === 'role' ? literalString(p.value) : null;
      if (role !== null && BROAD_HSM_ROLES.has(role)) {
        report('security/hsm-broad-role', p.value,
          `'${role}' is far wider than one key (purge, export, delete, grants): the app holds its custom role (hsm-local-rbac.bicep appRole) and resource identities get 'Managed HSM Crypto Service Encryption User' at /keys/<name>`);
      }
    }
    return true;
  });
}

module.exports = { checkAccess, BROAD_HSM_ROLES };
