'use strict';
// Every name an expression uses must be declared: a param, var, resource, module, user function
// or type of the file, a loop or lambda variable in scope, or a Bicep built-in function. This is
// the compiler's first check, and a misspelt symbol is the most common error it would catch.
const { findingAt } = require('../finding');
const { children } = require('../tree');

// Bicep's built-in functions (namespaces sys and az). Resource functions such as listKeys() are
// matched by their prefix. Source: the Bicep functions reference on learn.microsoft.com (fail:
// azure-resource-manager/bicep/bicep-functions-flow-control).
const BUILT_IN_FUNCTIONS = new Set([
  'any', 'array', 'base64', 'base64ToJson', 'base64ToString', 'bool', 'cidrHost', 'cidrSubnet',
  'coalesce', 'concat', 'contains', 'dataUri', 'dataUriToString', 'dateTimeAdd',
  'dateTimeFromEpoch', 'dateTimeToEpoch', 'deployer', 'deployment', 'empty', 'endsWith',
  'environment', 'extensionResourceId', 'externalInput', 'fail', 'filter', 'first', 'flatten', 'format',
  'getSecret', 'groupBy', 'guid', 'indexOf', 'int', 'intersection', 'items', 'join', 'json', 'last',
  'lastIndexOf', 'length', 'loadDirectoryFileInfo', 'loadFileAsBase64', 'loadJsonContent',
  'loadTextContent', 'loadYamlContent', 'managementGroup', 'managementGroupResourceId', 'map',
  'mapValues', 'max', 'min', 'newGuid', 'objectKeys', 'padLeft', 'parseCidr', 'parseUri',
  'pickZones', 'range', 'readEnvironmentVariable', 'reduce', 'reference', 'replace',
  'resourceGroup', 'resourceId', 'shallowMerge', 'skip', 'sort', 'split', 'startsWith', 'string',
  'subscription', 'subscriptionResourceId', 'substring', 'take', 'tenant', 'tenantResourceId',
  'toLower', 'toObject', 'toUpper', 'trim', 'tryGet', 'union', 'uniqueString', 'uri',
  'uriComponent', 'uriComponentToString', 'utcNow',
]);
const NAMESPACES = new Set(['sys', 'az']);
const PRIMITIVE_TYPES = new Set(['string', 'int', 'bool', 'object', 'array', 'any']);
const DECLARATIONS = new Set([
  'parameter_declaration', 'variable_declaration', 'output_declaration', 'resource_declaration',
  'module_declaration', 'metadata_declaration', 'type_declaration',
]);

function checkSymbols(template) {
  const findings = [];
  const values = new Set([
    ...template.params, ...template.variables, ...template.functions,
  ].map((d) => d.name).concat(template.resources.map((r) => r.symbol), template.modules.map((m) => m.symbol)));
  const types = new Set(template.types.map((t) => t.name));
  const functions = new Set(template.functions.map((f) => f.name));
  const report = (node, message) => findings.push(findingAt('symbols/undefined', template.file, node, message));

  const visit = (node, scope, inType) => {
    switch (node.type) {
      case 'identifier':
        if (inType) {
          if (!types.has(node.text) && !PRIMITIVE_TYPES.has(node.text)) report(node, `type '${node.text}' is not declared`);
        } else if (!values.has(node.text) && !scope.has(node.text)) {
          report(node, `'${node.text}' is not declared`);
        }
        return;
      case 'comment': case 'diagnostic_comment': case 'property_identifier': case 'primitive_type':
      case 'parameterized_type': case 'using_statement': case 'import_statement': case 'import_with_statement':
      case 'import_functionality': case 'target_scope_assignment': case 'test_block': case 'assert_statement':
        return;
      case 'type':
        children(node).forEach((c) => visit(c, scope, true));
        return;
      case 'type_declaration':
        children(node).slice(1).forEach((c) => visit(c, scope, true));
        return;
      case 'object_property': {
        const [key, ...rest] = children(node);
        // A plain key names a property; a quoted key may hold ${...} expressions.
        if (key.type === 'string' || key.type === 'resource_declaration') visit(key, scope, inType);
        rest.forEach((c) => visit(c, scope, inType));
        return;
      }
      case 'decorator': {
        const call = children(node)[0];
        const args = call.childForFieldName('arguments');
        if (args) visit(args, scope, false);
        return;
      }
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        if (fn.type === 'identifier') {
          if (!BUILT_IN_FUNCTIONS.has(fn.text) && !functions.has(fn.text) && !/^list[A-Z]|^list$/.test(fn.text)) {
            report(fn, `function '${fn.text}' is not a Bicep function or declared in this file`);
          }
        } else {
          visit(fn, scope, false);
        }
        const args = node.childForFieldName('arguments');
        if (args) visit(args, scope, inType);
        return;
      }
      case 'member_expression': {
        const object = node.childForFieldName('object');
        if (!(object.type === 'identifier' && NAMESPACES.has(object.text))) visit(object, scope, inType);
        return;
      }
      case 'resource_expression': // parent::child: the child name is resolved through the parent
        visit(node.childForFieldName('object'), scope, inType);
        return;
      case 'for_statement': {
        const init = node.childForFieldName('initializer');
        const params = children(node).find((c) => c.type === 'for_loop_parameters');
        const bound = new Set(scope);
        if (init) bound.add(init.text);
        if (params) children(params).forEach((p) => bound.add(p.text));
        const body = node.childForFieldName('body');
        for (const c of children(node)) {
          if (same(c, init) || same(c, params)) continue;
          visit(c, same(c, body) ? bound : scope, false);
        }
        return;
      }
      case 'lambda_expression': {
        const [params, ...body] = children(node);
        const bound = new Set(scope);
        (params.type === 'identifier' ? [params] : children(params)).forEach((p) => bound.add(p.text));
        body.forEach((c) => visit(c, bound, false));
        return;
      }
      case 'user_defined_function': {
        const bound = new Set(scope);
        const params = children(node).find((c) => c.type === 'parameters');
        for (const p of params ? children(params) : []) {
          bound.add(children(p)[0].text);
          children(p).slice(1).forEach((c) => visit(c, scope, true));
        }
        const returns = node.childForFieldName('returns');
        if (returns) visit(returns, scope, true);
        children(node).filter((c) => !same(c, params) && !same(c, returns) && !same(c, node.childForFieldName('name')))
          .forEach((c) => visit(c, bound, false));
        return;
      }
      default:
        if (DECLARATIONS.has(node.type)) {
          children(node).slice(1).forEach((c) => visit(c, scope, inType));
          return;
        }
        children(node).forEach((c) => visit(c, scope, inType));
    }
  };
  visit(template.tree.rootNode, new Set(), false);
  return findings;
}

/** tree-sitter hands out a new object per access, so nodes are compared by kind and span. */
function same(a, b) {
  return !!a && !!b && a.type === b.type && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}

module.exports = { checkSymbols, BUILT_IN_FUNCTIONS };
