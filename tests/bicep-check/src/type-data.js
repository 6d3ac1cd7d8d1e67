'use strict';
// The official Bicep type data (Azure/bicep-types-az `types.json`), one file per
// <Namespace>/<apiVersion>. Types refer to each other as {"$ref": "#/<index>"} within a file.
const fs = require('node:fs');
const path = require('node:path');

/** Property flags of ObjectType properties, as defined by bicep-types. */
const FLAGS = Object.freeze({ REQUIRED: 1, READ_ONLY: 2, WRITE_ONLY: 4, DEPLOY_TIME_CONSTANT: 8, IDENTIFIER: 16 });

class TypeData {
  constructor(root) {
    this.root = root;
    this.files = new Map();
  }

  /** Every "<Namespace>/<apiVersion>" present. */
  versions() {
    return fs.readdirSync(this.root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((ns) => fs.readdirSync(path.join(this.root, ns.name)).map((v) => `${ns.name}/${v}`));
  }

  /**
   * Looks up `type@apiVersion`: { found: true, body, file } or { found: false, reason }.
   * The reason tells apart a namespace/version that is not in the data from a type missing
   * in a version that is.
   */
  resource(type, apiVersion) {
    const namespace = type.split('/')[0];
    const file = this.file(namespace, apiVersion);
    if (!file) return { found: false, reason: `no type data for ${namespace}@${apiVersion}` };
    const wanted = `${type}@${apiVersion}`.toLowerCase();
    // ARM resource type names are case-insensitive.
    const entry = file.types.find((t) => t.$type === 'ResourceType' && t.name.toLowerCase() === wanted);
    if (!entry) return { found: false, reason: `${type} is not a resource type of ${namespace}@${apiVersion}` };
    return { found: true, body: file.resolve(entry.body), file, entry };
  }

  file(namespace, apiVersion) {
    const key = `${namespace.toLowerCase()}@${apiVersion}`;
    if (!this.files.has(key)) this.files.set(key, this.load(namespace, apiVersion));
    return this.files.get(key);
  }

  load(namespace, apiVersion) {
    if (!fs.existsSync(this.root)) return null;
    const nsDir = fs.readdirSync(this.root).find((d) => d.toLowerCase() === namespace.toLowerCase());
    if (!nsDir) return null;
    const file = path.join(this.root, nsDir, apiVersion, 'types.json');
    if (!fs.existsSync(file)) return null;
    const types = JSON.parse(fs.readFileSync(file, 'utf8'));
    return {
      path: file,
      types,
      resolve(ref) {
        const m = /^#\/(\d+)$/.exec(ref.$ref);
        if (!m) throw new Error(`${file}: unsupported type reference ${JSON.stringify(ref)}`);
        return types[Number(m[1])];
      },
    };
  }
}

module.exports = { TypeData, FLAGS };
