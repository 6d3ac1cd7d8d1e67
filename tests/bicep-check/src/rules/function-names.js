'use strict';
// Function names main.bicep points Event Grid at must exist in the app: every default of a
// main.bicep param whose name ends in "FunctionName" must be the value of some
// @FunctionName("...") in the Java sources. An Event Grid subscription to a function the app does
// not have fails to deploy (Event Grid checks the target exists), so a stale default would only
// show up at the second deployment, in Azure.
const fs = require('node:fs');
const { Finding, findingAt } = require('../finding');
const { readTemplate } = require('../template');
const { literalString } = require('../tree');
const { javaFiles, withoutComments } = require('./settings');

const RULE = 'functions/names';
const FUNCTION_NAME_PARAM = /FunctionName$/;

const INPUT_LABELS = Object.freeze({
  mainBicep: 'bicep/main.bicep',
  javaSources: 'the Java source folder',
});

/**
 * @param paths { mainBicep, javaSources }
 * @returns {{findings: Finding[], java: Set<string>|null, checked: {name: string, value: string}[]}}
 */
function checkFunctionNames(paths) {
  const missing = Object.entries(paths).filter(([, p]) => !fs.existsSync(p));
  if (missing.length > 0) {
    return {
      findings: missing.map(([key, p]) => new Finding({ rule: RULE, file: p,
        message: `${INPUT_LABELS[key]} does not exist, so the function names cannot be compared (this check never skips)` })),
      java: null,
      checked: [],
    };
  }
  const findings = [];
  const java = javaFunctionNames(paths.javaSources, findings);
  const template = readTemplate(paths.mainBicep);
  const checked = [];
  for (const p of template.params.filter((x) => FUNCTION_NAME_PARAM.test(x.name))) {
    if (!p.defaultNode) continue; // a required param has no default to check; its caller passes the name
    const value = literalString(p.defaultNode);
    if (value === null) {
      findings.push(findingAt(RULE, template.file, p.node,
        `the default of ${p.name} must be a string literal so it can be checked against the Java @FunctionName values`));
      continue;
    }
    checked.push({ name: p.name, value });
    if (java.has(value)) continue;
    const sameButCase = [...java].find((n) => n.toLowerCase() === value.toLowerCase());
    const known = [...java].sort().join(', ') || 'none';
    findings.push(findingAt(RULE, template.file, p.node, sameButCase
      ? `the default of ${p.name}, '${value}', differs only in case from the Java function '${sameButCase}'; use that exact name`
      : `the default of ${p.name}, '${value}', is not a @FunctionName of the Java code (${known})`));
  }
  return { findings, java, checked };
}

/** Values of @FunctionName("...") (or value = "...") in every .java file under the folder, comments ignored. */
function javaFunctionNames(javaSources, findings) {
  const names = new Set();
  for (const file of javaFiles(javaSources)) {
    const source = withoutComments(fs.readFileSync(file, 'utf8'));
    for (const m of source.matchAll(/@FunctionName\s*\(([^)]*)\)/g)) {
      const literal = /^\s*(?:value\s*=\s*)?"([^"\\]*)"\s*$/.exec(m[1]);
      if (literal) { names.add(literal[1]); continue; }
      findings.push(new Finding({ rule: RULE, file,
        message: `${m[0]} is not a string literal, so the function names cannot be compared` }));
    }
  }
  return names;
}

module.exports = { checkFunctionNames, javaFunctionNames };
