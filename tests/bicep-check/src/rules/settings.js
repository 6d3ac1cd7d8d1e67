'use strict';
// Three-way check of app settings: the names main.bicep sets on the Function App, the keys of
// local.settings.sample.json "Values", and the names the Java code reads (constants of
// AppSettings.java plus %NAME% placeholders in function annotations) must be the same set.
const fs = require('node:fs');
const path = require('node:path');
const { Finding, findingAt } = require('../finding');
const { readTemplate } = require('../template');
const { children, unwrap, literalString, objectProperties, property } = require('../tree');

// Settings owned by the Functions host or the platform rather than by the app. They are left out
// of the comparison because each legitimately appears in only some of the three sources:
const HOST_SETTINGS = Object.freeze({
  // Local only: the Azurite connection string for Core Tools. Azure uses the __ form below.
  AzureWebJobsStorage: 'host storage connection string (local, Azurite)',
  // Azure only: identity-based host storage, because the account has shared keys disabled.
  AzureWebJobsStorage__accountName: 'host storage account (identity-based)',
  AzureWebJobsStorage__credential: "'managedidentity' for identity-based host storage",
  AzureWebJobsStorage__clientId: 'client id of the user-assigned identity the host uses',
  // Core Tools need it in local.settings.json; Flex Consumption takes the runtime from
  // functionAppConfig.runtime and rejects the setting (see FLEX_REMOVED_SETTINGS).
  FUNCTIONS_WORKER_RUNTIME: 'worker runtime (local only)',
  FUNCTIONS_EXTENSION_VERSION: 'host version (not used on Flex Consumption)',
  // Read by the Functions host and the Application Insights agent, not by the app's code.
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'Application Insights target',
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Entra ID authentication to Application Insights',
});

// Settings the Flex Consumption plan removed: its runtime and deployment live in
// properties.functionAppConfig, and setting these on a Flex app fails or is ignored.
const FLEX_REMOVED_SETTINGS = Object.freeze([
  'FUNCTIONS_EXTENSION_VERSION', 'FUNCTIONS_WORKER_RUNTIME', 'FUNCTIONS_WORKER_RUNTIME_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE', 'WEBSITE_CONTENTSHARE', 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
  'WEBSITE_NODE_DEFAULT_VERSION', 'SCALE_CONTROLLER_LOGGING_ENABLED',
]);

// Setting names look like environment variables with at least one underscore (CMK_X, A__b).
// This keeps AppSettings.java constants that hold default values ("P30D", a cron expression,
// a URL) out of the set of names.
const SETTING_NAME = /^[A-Za-z][A-Za-z0-9]*(?:_+[A-Za-z0-9]+)+$/;

const INPUT_LABELS = Object.freeze({
  mainBicep: 'bicep/main.bicep',
  localSettings: 'local.settings.sample.json',
  appSettingsJava: 'AppSettings.java',
  javaSources: 'the Java source folder',
});

/**
 * @param paths { mainBicep, localSettings, appSettingsJava, javaSources }
 * @returns {{findings: Finding[], sets: {bicep: Set, local: Set, java: Set}|null}}
 */
function checkSettings(paths) {
  const missing = Object.entries(paths).filter(([, p]) => !fs.existsSync(p));
  if (missing.length > 0) {
    return {
      findings: missing.map(([key, p]) => new Finding({ rule: 'settings/consistency', file: p,
        message: `${INPUT_LABELS[key]} does not exist, so the app settings cannot be compared (this check never skips)` })),
      sets: null,
    };
  }
  const findings = [];
  const template = readTemplate(paths.mainBicep);
  const bicep = bicepAppSettings(template, findings);
  const local = localSettings(paths.localSettings, findings);
  const java = javaSettings(paths.appSettingsJava, paths.javaSources);
  const sources = [
    { name: 'bicep', file: paths.mainBicep, set: bicep.names, label: 'set by main.bicep' },
    { name: 'local', file: paths.localSettings, set: local, label: 'in local.settings.sample.json' },
    { name: 'java', file: paths.appSettingsJava, set: java, label: 'read by the Java code' },
  ];
  const all = new Set(sources.flatMap((s) => [...s.set]));
  for (const name of [...all].sort()) {
    if (Object.hasOwn(HOST_SETTINGS, name)) continue;
    const lacking = sources.filter((s) => !s.set.has(name));
    for (const s of lacking) {
      const present = sources.filter((o) => o.set.has(name)).map((o) => o.label).join(' and ');
      findings.push(new Finding({ rule: 'settings/consistency', file: s.file, line: s.name === 'bicep' ? bicep.line : 1,
        message: `${name} is ${present} but not ${s.label}` }));
    }
  }
  for (const name of FLEX_REMOVED_SETTINGS.filter((n) => bicep.names.has(n))) {
    findings.push(new Finding({ rule: 'settings/consistency', file: paths.mainBicep, line: bicep.line,
      message: `${name} must not be set on a Flex Consumption app: use properties.functionAppConfig` }));
  }
  return { findings, sets: { bicep: bicep.names, local, java } };
}

/** App setting names of every Microsoft.Web/sites (siteConfig.appSettings) and sites/config 'appsettings'. */
function bicepAppSettings(template, findings) {
  const names = new Set();
  let line = 1;
  const report = (node, message) => findings.push(findingAt('settings/consistency', template.file, node, message));
  const add = (name, node) => {
    if (names.has(name)) report(node, `app setting ${name} is set twice`);
    names.add(name);
  };
  for (const r of template.resources) {
    if (r.existing || !r.body) continue;
    const type = r.type?.toLowerCase();
    const props = property(r.body, 'properties');
    if (type === 'microsoft.web/sites') {
      const list = property(property(props?.value, 'siteConfig')?.value, 'appSettings');
      if (!list) continue;
      line = list.keyNode.startPosition.row + 1;
      const array = resolveVariable(template, list.value);
      if (!array || array.type !== 'array') { report(list.value, 'appSettings must be an array literal so its names can be checked'); continue; }
      for (const item of children(array)) {
        const name = item.type === 'object' ? literalString(property(item, 'name')?.value) : null;
        if (name === null) report(item, 'each app setting needs a literal name');
        else add(name, item);
      }
    } else if (type === 'microsoft.web/sites/config' && literalString(property(r.body, 'name')?.value) === 'appsettings') {
      line = r.node.startPosition.row + 1;
      for (const p of objectProperties(unwrap(props.value))) {
        if (p.key === null) report(p.node, 'each app setting needs a literal name');
        else add(p.key, p.node);
      }
    }
  }
  if (names.size === 0) report(null, 'no app settings found on a Microsoft.Web/sites resource');
  return { names, line };
}

function resolveVariable(template, node) {
  const n = unwrap(node);
  if (n.type !== 'identifier') return n;
  const v = template.variables.find((x) => x.name === n.text);
  return v ? unwrap(v.value) : null;
}

function localSettings(file, findings) {
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    findings.push(new Finding({ rule: 'settings/consistency', file, message: `not valid JSON: ${e.message}` }));
    return new Set();
  }
  if (!json || typeof json.Values !== 'object') {
    findings.push(new Finding({ rule: 'settings/consistency', file, message: 'has no "Values" object' }));
    return new Set();
  }
  return new Set(Object.keys(json.Values));
}

function javaSettings(appSettingsJava, javaSources) {
  const names = new Set();
  const constant = /static\s+final\s+String\s+[A-Za-z_$][\w$]*\s*=\s*"([^"\\]*)"\s*;/g;
  for (const m of withoutComments(fs.readFileSync(appSettingsJava, 'utf8')).matchAll(constant)) {
    if (SETTING_NAME.test(m[1])) names.add(m[1]);
  }
  for (const file of javaFiles(javaSources)) {
    for (const m of withoutComments(fs.readFileSync(file, 'utf8')).matchAll(/%([A-Za-z][A-Za-z0-9_]*)%/g)) {
      if (SETTING_NAME.test(m[1])) names.add(m[1]);
    }
  }
  return names;
}

function javaFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.java'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/**
 * Java source with comments blanked out, string literals kept. Hand-written because the check
 * needs only this one step of a Java lexer; a full parser would be a large dependency for it.
 */
function withoutComments(source) {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const two = source.slice(i, i + 2);
    if (two === '//') { while (i < source.length && source[i] !== '\n') i += 1; continue; }
    if (two === '/*') { const end = source.indexOf('*/', i + 2); i = end < 0 ? source.length : end + 2; out += ' '; continue; }
    if (source[i] === '"' || source[i] === "'") {
      const quote = source[i];
      const block = source.startsWith('"""', i);
      const close = block ? '"""' : quote;
      let j = i + close.length;
      while (j < source.length && !source.startsWith(close, j)) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + close.length);
      i = j + close.length;
      continue;
    }
    out += source[i];
    i += 1;
  }
  return out;
}

module.exports = { checkSettings, HOST_SETTINGS, FLEX_REMOVED_SETTINGS, withoutComments, javaFiles };
