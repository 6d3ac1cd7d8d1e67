'use strict';
// Runs every rule on one file, or on the whole repository (every bicep/**/*.bicep and
// *.bicepparam, plus the app-settings and function-name comparisons with the Java code).
const fs = require('node:fs');
const path = require('node:path');
const { Finding } = require('./finding');
const { syntaxErrors } = require('./parse');
const { TypeData } = require('./type-data');
const { checkResourceTypes } = require('./rules/resource-types');
const { checkConventions } = require('./rules/conventions');
const { checkSymbols } = require('./rules/symbols');
const { checkResourceReads } = require('./rules/resource-reads');
const { checkModules, checkBicepparam, cachedReader } = require('./rules/modules');
const { checkSettings } = require('./rules/settings');
const { checkFunctionNames } = require('./rules/function-names');
const { checkDeployment } = require('./rules/deployment');
const { checkAccess } = require('./rules/access');

const HERE = path.resolve(__dirname, '..');
const DEFAULTS = Object.freeze({
  repoRoot: path.resolve(HERE, '..', '..'),
  typeDataDir: path.join(HERE, 'bicep-types'),
  notCoveredFile: path.join(HERE, 'not-covered.json'),
});

/** Declarations the type data does not cover, listed on purpose with a reason. */
function readAcknowledged(file = DEFAULTS.notCoveredFile) {
  if (!fs.existsSync(file)) return [];
  const list = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const a of list) {
    if (!a.type || !a.apiVersion || !a.reason) throw new Error(`${file}: each entry needs type, apiVersion and reason`);
  }
  return list;
}

class Checker {
  constructor({ typeDataDir = DEFAULTS.typeDataDir, acknowledged = readAcknowledged() } = {}) {
    this.typeData = new TypeData(typeDataDir);
    this.acknowledged = acknowledged;
    this.load = cachedReader();
  }

  /** { file, findings, notCovered } for one .bicep or .bicepparam file. */
  checkFile(file) {
    const template = this.load(path.resolve(file));
    const errors = syntaxErrors(template.tree);
    if (errors.length > 0) {
      // Other rules would only echo the parse error; report it alone.
      return { file, notCovered: [], findings: errors.map((e) => new Finding({ rule: 'syntax/parse', file: template.file, ...e })) };
    }
    if (file.endsWith('.bicepparam')) return { file, findings: checkBicepparam(template, this.load), notCovered: [] };
    const types = checkResourceTypes(template, this.typeData, this.acknowledged);
    return {
      file,
      findings: [
        ...checkSymbols(template), ...types.findings, ...checkResourceReads(template, this.typeData), ...checkConventions(template),
        ...checkModules(template, this.load), ...checkDeployment(template, this.load), ...checkAccess(template),
      ],
      notCovered: types.notCovered,
    };
  }

  /** Every bicep/**\/*.bicep(param) of the repository, then the settings and function-name comparisons. */
  checkRepository(repoRoot = DEFAULTS.repoRoot) {
    const files = bicepFiles(path.join(repoRoot, 'bicep')).map((f) => this.checkFile(f));
    const settings = checkSettings(settingsPaths(repoRoot));
    const functionNames = checkFunctionNames(functionNamesPaths(repoRoot));
    return { files, settings, functionNames };
  }
}

function settingsPaths(repoRoot) {
  return {
    mainBicep: path.join(repoRoot, 'bicep', 'main.bicep'),
    localSettings: path.join(repoRoot, 'local.settings.sample.json'),
    appSettingsJava: path.join(repoRoot, 'functions/src/main/java/com/cmkorchestrator/config/AppSettings.java'),
    javaSources: path.join(repoRoot, 'functions/src/main/java'),
  };
}

function functionNamesPaths(repoRoot) {
  return {
    mainBicep: path.join(repoRoot, 'bicep', 'main.bicep'),
    javaSources: path.join(repoRoot, 'functions/src/main/java'),
  };
}

function bicepFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.bicep(param)?$/.test(e.name))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

module.exports = { Checker, DEFAULTS, bicepFiles, settingsPaths, functionNamesPaths, readAcknowledged };
