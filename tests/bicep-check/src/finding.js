'use strict';
// A finding: one rule broken at one place. Rules are named here once, with what each one proves.
const { position } = require('./tree');

const RULES = Object.freeze({
  'syntax/parse': 'the file parses with tree-sitter-bicep 1.1.0',
  'symbols/undefined': 'every name used is declared in the file, bound by a loop or lambda, or a Bicep function',
  'types/resource-type': 'Type@apiVersion exists in the vendored Bicep type data',
  'types/unknown-read': 'properties read from a resource (x.properties.y) exist in its type',
  'types/unknown-property': 'every property written exists in its type (nested objects too)',
  'types/read-only': 'no read-only property is written',
  'types/missing-required': 'every required property is written',
  'types/enum': 'string literals for enum-typed properties are allowed values',
  'types/value-kind': 'a literal has the kind its property expects (string, int, bool, object, array)',
  'types/constraint': 'literals meet the pattern, length and range limits of their type',
  'conventions/description': 'every param, output and user-defined type property has a @description',
  'conventions/required-optional': "a description starts 'Required.' only when no default exists, 'Optional.' only when one does",
  'conventions/role-assignment-name': 'role assignment and role definition names are guid(scope, principal, role)',
  'conventions/use-parent': 'child resources use parent: instead of a slash in their name',
  'conventions/hsm-local-role-via-arm': 'no ARM role assignment uses a Managed HSM local role (it would grant nothing)',
  'modules/reference': 'a module path names an existing file, and outputs read from it exist',
  'modules/params': 'module params exist in the module, required ones are given, @allowed values are respected',
  'bicepparam/params': 'a .bicepparam file names its template and gives only, and all required, params',
  'bicepparam/hsm-in-scope': "a .bicepparam file's hsm lies within its managedScopes (the app refuses any HSM outside them)",
  'deploy/required-param-fallback': "a Required module param is not handed `?? ''` / `?? []`, which hides a missing value",
  'deploy/system-topic-existing': 'an Event Grid system topic is created only when no existing one is given (one per source)',
  'deploy/role-name-unique': 'a custom ARM role name differs per subscription (role names are unique per tenant)',
  'deploy/hsm-retention': "a Managed HSM's soft-delete retention comes from a parameter and is passed to the module that creates it",
  'deploy/storage-keyversion': "a Storage CMK binding writes keyvaultproperties.keyversion ('' for versionless)",
  'deploy/zonal-sku-default': 'no param defaults to a zone-redundant storage SKU, which not every region offers',
  'security/api-auth': "a Function App has authsettingsV2 requiring Entra ID sign-in, 401 for anonymous callers, and only the Event Grid webhook excluded",
  'security/hsm-broad-role': 'no template grants Administrator, Crypto Officer, Crypto User or Policy Administrator on a Managed HSM',
  'settings/consistency': 'main.bicep app settings, local.settings.sample.json and the Java code name the same settings',
  'functions/names': "every default of a main.bicep param named *FunctionName is a Java @FunctionName",
});

class Finding {
  constructor({ rule, file, line, column, message }) {
    if (!Object.hasOwn(RULES, rule)) throw new Error(`unknown rule ${rule}`);
    if (!file || !message) throw new Error('a finding needs a file and a message');
    this.rule = rule;
    this.file = file;
    this.line = line || 1;
    this.column = column || 1;
    this.message = message;
    Object.freeze(this);
  }

  toString() {
    return `${this.file}:${this.line}:${this.column}: [${this.rule}] ${this.message}`;
  }
}

/** A finding located at a syntax node (or at the top of the file when node is null). */
function findingAt(rule, file, node, message) {
  return new Finding({ rule, file, ...(node ? position(node) : {}), message });
}

module.exports = { RULES, Finding, findingAt };
