'use strict';
// Mistakes the type data cannot see but a real deployment hits: what fails where a resource
// already exists, what clashes across subscriptions, what bills for months by default, what pins
// or strands a CMK binding. Each rule is one class of defect found in issue 13.
const fs = require('node:fs');
const path = require('node:path');
const { findingAt } = require('../finding');
const { unwrap, literalString, property } = require('../tree');

const ZONAL_STORAGE_SKU = /^(Standard|Premium)_(ZRS|GZRS|RAGZRS)$/;

function checkDeployment(template, load) {
  const findings = [];
  const report = (rule, node, message) => findings.push(findingAt(rule, template.file, node, message));
  for (const r of template.resources) {
    if (r.existing || !r.body) continue;
    const props = property(r.body, 'properties')?.value;
    switch (r.type?.toLowerCase()) {
      case 'microsoft.eventgrid/systemtopics': systemTopicIsOptional(report, r); break;
      case 'microsoft.authorization/roledefinitions': roleNameIsUniquePerSubscription(report, r, props); break;
      case 'microsoft.keyvault/managedhsms': hsmRetentionIsAParameter(report, r, props); break;
      case 'microsoft.storage/storageaccounts': keyVersionIsWritten(report, r, props); break;
      default: break;
    }
  }
  for (const m of template.modules) hsmModuleIsGivenRetention(report, template, m, load);
  for (const p of template.params) zonalSkuIsNotTheDefault(report, p);
  return findings;
}

/** Azure allows one system topic per source: creating one unconditionally fails where one exists. */
function systemTopicIsOptional(report, resource) {
  if (resource.conditional) return;
  report('deploy/system-topic-existing', resource.node,
    `${resource.symbol}: Azure allows one Event Grid system topic per source, so creating one fails where the resource group or subscription already has one; take an existing topic's name, declare it 'existing', and create a topic only when none is given`);
}

/** Role names are unique per tenant; the GUID alone being per subscription is not enough. */
function roleNameIsUniquePerSubscription(report, resource, props) {
  const roleName = property(props, 'roleName');
  if (!roleName) return;
  if (/\bsubscription\(\)/.test(roleName.value.text)) return;
  report('deploy/role-name-unique', roleName.value,
    `${resource.symbol}: roleName must differ per subscription (for example include subscription().subscriptionId): role names are unique per tenant, so a second subscription fails with RoleDefinitionWithSameNameExists`);
}

/** A deleted HSM bills hourly for its whole retention: the retention must be the deployer's choice. */
function hsmRetentionIsAParameter(report, resource, props) {
  if (!props) return; // an HSM without properties cannot be created; other rules say why
  const retention = property(props, 'softDeleteRetentionInDays');
  const value = retention && unwrap(retention.value);
  if (value && value.type !== 'number') return;
  report('deploy/hsm-retention', retention ? retention.value : resource.node,
    `${resource.symbol}: softDeleteRetentionInDays must come from a parameter (7-90): with purge protection a deleted HSM keeps billing hourly for the whole retention (90 days when left out), so a test deployment must be able to choose 7`);
}

/** A module that creates an HSM must be told its retention, not left at the module's default. */
function hsmModuleIsGivenRetention(report, template, module, load) {
  const target = moduleTarget(template, module, load);
  if (!target || !target.params.some((p) => p.name === 'softDeleteRetentionInDays')) return;
  if (!target.resources.some((r) => !r.existing && r.type?.toLowerCase() === 'microsoft.keyvault/managedhsms')) return;
  const params = module.body && property(module.body, 'params')?.value;
  if (params && property(params, 'softDeleteRetentionInDays')) return;
  report('deploy/hsm-retention', module.node,
    `module ${module.symbol}: pass softDeleteRetentionInDays to ${module.path}; its default bills a deleted HSM for 90 days`);
}

/** Storage keeps the version it was last given: a redeploy must send '' to clear a pinned version. */
function keyVersionIsWritten(report, resource, props) {
  const encryption = property(props, 'encryption')?.value;
  if (literalString(property(encryption, 'keySource')?.value)?.toLowerCase() !== 'microsoft.keyvault') return;
  const keyProperties = property(encryption, 'keyvaultproperties');
  if (keyProperties && property(keyProperties.value, 'keyversion')) return;
  report('deploy/storage-keyversion', keyProperties ? keyProperties.value : resource.node,
    `${resource.symbol}: set encryption.keyvaultproperties.keyversion ('' for a versionless key, as the app and the official example StorageAccountCreateUserAssignedEncryptionIdentityWithCMK do); left out, a redeployment keeps a version someone pinned`);
}

/** Zone-redundant SKUs are not offered in every region; a default must deploy anywhere. */
function zonalSkuIsNotTheDefault(report, param) {
  const value = param.defaultNode && literalString(param.defaultNode);
  if (!value || !ZONAL_STORAGE_SKU.test(value)) return;
  report('deploy/zonal-sku-default', param.defaultNode,
    `param ${param.name}: '${value}' is not offered in every region; default to a locally redundant SKU or make the param required`);
}

function moduleTarget(template, module, load) {
  if (!module.path || /^(br|ts)[:/]/.test(module.path)) return null;
  const file = path.resolve(path.dirname(template.file), module.path);
  return fs.existsSync(file) ? load(file) : null;
}

module.exports = { checkDeployment };
