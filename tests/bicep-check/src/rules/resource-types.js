'use strict';
// Checks every resource declaration against the official Bicep type data: the type and API
// version exist, every written property exists and is writable, required ones are present, and
// literals fit their property's type. Expressions whose value is only known at deploy time
// (parameters, function calls, references) are not judged: only literals are.
const { FLAGS } = require('../type-data');
const { findingAt } = require('../finding');
const { children, unwrap, literalString, objectProperties, property } = require('../tree');

// Keys that Bicep itself adds to every resource body; they are not part of the ARM type.
const BICEP_RESOURCE_KEYS = new Set(['parent', 'scope', 'dependsOn']);
const EXISTING_RESOURCE_KEYS = new Set(['name', 'parent', 'scope']);

/**
 * @param acknowledged [{type, apiVersion, reason}] declarations the type data does not cover,
 *        listed on purpose; they are reported as not covered instead of failing.
 * @returns {{findings: Finding[], notCovered: {type, apiVersion, file, reason}[]}}
 */
function checkResourceTypes(template, typeData, acknowledged = []) {
  const findings = [];
  const notCovered = [];
  for (const r of template.resources) {
    if (!r.type || !r.apiVersion) {
      findings.push(findingAt('types/resource-type', template.file, r.typeNode,
        `resource ${r.symbol}: type must be written 'Namespace/type@apiVersion', got '${r.typeString}'`));
      continue;
    }
    const hit = typeData.resource(r.type, r.apiVersion);
    if (!hit.found) {
      const ack = acknowledged.find((a) => a.type.toLowerCase() === r.type.toLowerCase() && a.apiVersion === r.apiVersion);
      if (ack) notCovered.push({ type: r.type, apiVersion: r.apiVersion, file: template.file, reason: ack.reason });
      else findings.push(findingAt('types/resource-type', template.file, r.typeNode, `resource ${r.symbol}: ${hit.reason}`));
      continue;
    }
    if (!r.body) continue;
    const checker = new BodyChecker(template.file, hit.file, findings);
    if (r.existing) checker.checkExisting(r);
    else checker.checkObject(r.body, hit.body, `${r.symbol}`, true);
  }
  return { findings, notCovered };
}

class BodyChecker {
  constructor(file, typeFile, findings) {
    this.file = file;
    this.types = typeFile;
    this.findings = findings;
  }

  report(rule, node, message) {
    this.findings.push(findingAt(rule, this.file, node, message));
  }

  checkExisting(resource) {
    for (const p of objectProperties(resource.body)) {
      if (p.key !== null && !EXISTING_RESOURCE_KEYS.has(p.key)) {
        this.report('types/unknown-property', p.keyNode,
          `${resource.symbol}: an existing resource takes only name, parent and scope, not '${p.key}'`);
      }
    }
  }

  /** Checks an object literal against an ObjectType or DiscriminatedObjectType. */
  checkObject(node, type, path, isResourceBody = false) {
    const shape = this.shapeOf(node, type, path);
    const written = objectProperties(node);
    for (const p of written) {
      if (p.nested) continue; // a nested child resource is checked as a resource of its own
      if (p.key === null) { // computed key such as '${identity.id}'
        if (shape.additional) this.checkValue(p.value, shape.additional, `${path}[*]`);
        continue;
      }
      if (isResourceBody && BICEP_RESOURCE_KEYS.has(p.key)) continue;
      const declared = shape.properties[p.key];
      if (!declared) {
        if (shape.additional) this.checkValue(p.value, shape.additional, `${path}.${p.key}`);
        else if (!shape.open) this.report('types/unknown-property', p.keyNode, unknownMessage(path, p.key, shape.properties));
        continue;
      }
      if ((declared.flags & FLAGS.READ_ONLY) && !(declared.flags & FLAGS.WRITE_ONLY)) {
        this.report('types/read-only', p.keyNode, `${path}.${p.key} is read-only: ${declared.description || 'set by Azure'}`);
        continue;
      }
      this.checkValue(p.value, declared.type, `${path}.${p.key}`);
    }
    if (written.some((p) => p.key === null && !p.nested)) return; // a computed key may supply anything
    const keys = new Set(written.map((p) => p.key));
    for (const [name, declared] of Object.entries(shape.properties)) {
      if ((declared.flags & FLAGS.REQUIRED) && !(declared.flags & FLAGS.READ_ONLY) && !keys.has(name)) {
        this.report('types/missing-required', node, `${path}.${name} is required: ${declared.description || ''}`.trim());
      }
    }
  }

  /** Properties that apply to this literal; a discriminated type picks its variant from the literal. */
  shapeOf(node, type, path) {
    if (type.$type === 'ObjectType') {
      return { properties: type.properties || {}, additional: type.additionalProperties || null, open: false };
    }
    const base = type.baseProperties || {};
    const tag = property(node, type.discriminator);
    const value = tag ? literalString(tag.value) : null;
    if (!tag) {
      // Reported as missing through the merged base properties below.
      return { properties: { ...base, [type.discriminator]: { flags: FLAGS.REQUIRED, type: null, description: `one of ${Object.keys(type.elements).join(', ')}` } }, additional: null, open: true };
    }
    if (value === null) return { properties: base, additional: null, open: true };
    const ref = type.elements[value];
    if (!ref) {
      this.report('types/enum', tag.value, `${path}.${type.discriminator} '${value}' is not one of ${Object.keys(type.elements).map((e) => `'${e}'`).join(', ')}`);
      return { properties: base, additional: null, open: true };
    }
    const variant = this.types.resolve(ref);
    return { properties: { ...base, ...variant.properties }, additional: variant.additionalProperties || null, open: false };
  }

  checkValue(node, typeRef, path) {
    if (!typeRef) return;
    const type = typeRef.$ref ? this.types.resolve(typeRef) : typeRef;
    const value = unwrap(node);
    if (!value || type.$type === 'AnyType') return;
    if (value.type === 'ternary_expression') {
      this.checkValue(value.childForFieldName('consequence'), type, path);
      this.checkValue(value.childForFieldName('alternative'), type, path);
      return;
    }
    const kind = literalKind(value);
    if (!kind) return; // known only at deploy time
    const accepted = this.kinds(type);
    if (!accepted.has(kind)) {
      this.report('types/value-kind', value, `${path} expects ${[...accepted].join(' or ')}, got ${kind === 'int' || kind === 'array' || kind === 'object' ? 'an' : 'a'} ${kind} literal`);
      return;
    }
    if (kind === 'string') this.checkString(value, type, path);
    else if (kind === 'int') this.checkInt(value, type, path);
    else if (kind === 'object') this.checkObject(value, this.member(type, ['ObjectType', 'DiscriminatedObjectType']), path);
    else if (kind === 'array') this.checkArray(value, this.member(type, ['ArrayType']), path);
  }

  checkArray(value, arrayType, path) {
    const itemType = arrayType.itemType;
    if (value.type === 'for_statement') {
      let body = value.childForFieldName('body');
      if (body.type === 'if_statement') body = children(body).find((c) => c.type === 'object');
      if (body) this.checkValue(body, itemType, `${path}[*]`);
      return;
    }
    children(value).filter((c) => c.type !== 'decorators').forEach((item, i) => this.checkValue(item, itemType, `${path}[${i}]`));
  }

  checkString(value, type, path) {
    const text = literalString(value);
    if (text === null) return; // interpolated: only its kind is known
    const members = type.$type === 'UnionType' ? type.elements.map((e) => this.types.resolve(e)) : [type];
    const literals = members.filter((m) => m.$type === 'StringLiteralType').map((m) => m.value);
    const open = members.some((m) => m.$type === 'StringType' || m.$type === 'AnyType');
    if (!open && literals.length > 0 && !literals.includes(text)) {
      const near = literals.find((l) => l.toLowerCase() === text.toLowerCase());
      this.report('types/enum', value, `${path} '${text}' is not one of ${literals.map((l) => `'${l}'`).join(', ')}${near ? ` (did you mean '${near}'?)` : ''}`);
      return;
    }
    if (members.length === 1 && type.$type === 'StringType') {
      if (type.minLength !== undefined && text.length < type.minLength) this.report('types/constraint', value, `${path} is shorter than ${type.minLength}`);
      if (type.maxLength !== undefined && text.length > type.maxLength) this.report('types/constraint', value, `${path} is longer than ${type.maxLength}`);
      if (type.pattern && !new RegExp(type.pattern).test(text)) this.report('types/constraint', value, `${path} '${text}' does not match ${type.pattern}`);
    }
  }

  checkInt(value, type, path) {
    const n = Number(value.text.replace(/\s+/g, ''));
    const t = type.$type === 'IntegerType' ? type : null;
    if (!t) return;
    if (t.minValue !== undefined && n < t.minValue) this.report('types/constraint', value, `${path} ${n} is below ${t.minValue}`);
    if (t.maxValue !== undefined && n > t.maxValue) this.report('types/constraint', value, `${path} ${n} is above ${t.maxValue}`);
  }

  /** The literal kinds a type accepts. */
  kinds(type) {
    switch (type.$type) {
      case 'StringType': case 'StringLiteralType': return new Set(['string']);
      case 'IntegerType': return new Set(['int']);
      case 'BooleanType': return new Set(['bool']);
      case 'ObjectType': case 'DiscriminatedObjectType': return new Set(['object']);
      case 'ArrayType': return new Set(['array']);
      case 'UnionType': return new Set(type.elements.flatMap((e) => [...this.kinds(this.types.resolve(e))]));
      default: return new Set(['string', 'int', 'bool', 'object', 'array']);
    }
  }

  /** The first member of a (possibly union) type with one of the given $types. */
  member(type, wanted) {
    if (wanted.includes(type.$type)) return type;
    return type.elements.map((e) => this.types.resolve(e)).find((m) => wanted.includes(m.$type));
  }
}

function literalKind(node) {
  switch (node.type) {
    case 'string': return 'string';
    case 'number': return 'int';
    case 'unary_expression': return children(node)[0]?.type === 'number' ? 'int' : null;
    case 'boolean': return 'bool';
    case 'object': return 'object';
    case 'array': case 'for_statement': return 'array';
    default: return null; // null literal, references, calls: nothing to judge offline
  }
}

function unknownMessage(path, key, properties) {
  const near = Object.keys(properties).find((k) => k.toLowerCase() === key.toLowerCase());
  return `${path}.${key} is not a property of this type${near ? ` (did you mean '${near}'?)` : ''}`;
}

module.exports = { checkResourceTypes };
