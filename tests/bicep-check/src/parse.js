'use strict';
// Parsing .bicep and .bicepparam text with tree-sitter-bicep, and locating syntax errors.
const Parser = require('tree-sitter');
const Bicep = require('tree-sitter-bicep');

const parser = new Parser();
parser.setLanguage(Bicep);

/** Parses Bicep source; tree-sitter never throws, it marks ERROR and MISSING nodes instead. */
function parseBicep(text) {
  return parser.parse(text);
}

// tree-sitter-bicep 1.1.0 has no rule for the .bicepparam form `param name = value` (it expects a
// type after the name). Rewriting the keyword to `var  ` (same length, so every position is kept)
// lets the grammar check the rest of the file: the `using` line and every value expression.
const PARAM_ASSIGNMENT = /^(\s*)param(\s+[A-Za-z_][A-Za-z0-9_]*\s*=)/gm;

function parseBicepparam(text) {
  return parser.parse(text.replace(PARAM_ASSIGNMENT, '$1var  $2'));
}

/** Every ERROR or MISSING node, as { line, column, message } with 1-based positions. */
function syntaxErrors(tree) {
  const errors = [];
  const visit = (node) => {
    if (node.isMissing) {
      errors.push(at(node, `missing ${JSON.stringify(node.type)}`));
      return;
    }
    if (node.type === 'ERROR') {
      errors.push(at(node, `unexpected ${JSON.stringify(firstLine(node.text))}`));
      return;
    }
    if (node.hasError) node.children.forEach(visit);
  };
  visit(tree.rootNode);
  return errors;
}

function at(node, message) {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, message };
}

function firstLine(text) {
  const line = text.split('\n')[0];
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

module.exports = { parseBicep, parseBicepparam, syntaxErrors };
