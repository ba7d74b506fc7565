import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, isAbsolute, resolve, sep } from 'node:path';
import { sopsError } from './errors.js';
import { compileRe2, ruleFromFields, type EncryptionRule } from './rules.js';
import { parseYaml } from './formats/yaml-parse.js';
import { mapOf, toPlain } from './tree.js';

/** One `creation_rules` entry, reduced to what this package can act on. */
export interface CreationRule {
  /** Go regexp searched (unanchored) in the file path; undefined matches everything. */
  readonly pathRegex: string | undefined;
  /** Age recipients per key group (`age:` of the rule = one group). */
  readonly keyGroups: readonly (readonly string[])[];
  readonly shamirThreshold: number;
  readonly rule: EncryptionRule | undefined;
  readonly macOnlyEncrypted: boolean;
  /** Key kinds present that this package cannot use (pgp, kms …), by name. */
  readonly unsupportedKeys: readonly string[];
}

export interface SopsConfig {
  readonly creationRules: readonly CreationRule[];
  readonly yamlIndent: number | undefined;
  /** JSON indent from `stores.json.indent` (-1 = tab). */
  readonly jsonIndent: string | undefined;
}

const OTHER_RULE_KEYS = ['pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri', 'hckms'];

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function recipientsOf(v: unknown, where: { file?: string | undefined; path: string }): string[] {
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : undefined;
  if (!list?.every((x) => typeof x === 'string'))
    throw sopsError('SOPS_CONFIG_INVALID', 'age must be a comma-separated string or a list of strings', where);
  return [...new Set(list.map((s) => s.trim()).filter((s) => s !== ''))];
}

function groupOf(
  g: unknown,
  where: { file?: string | undefined; path: string },
): { age: string[]; unsupported: string[] } {
  if (!isObj(g)) throw sopsError('SOPS_CONFIG_INVALID', 'a key group must be a map', where);
  const merged = Array.isArray(g['merge']) ? (g['merge'] as unknown[]).map((m) => groupOf(m, where)) : [];
  const age = [...new Set([...recipientsOf(g['age'], where), ...merged.flatMap((m) => m.age)])];
  const unsupported = ['pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault', 'hckms'].filter(
    (k) => g[k] !== undefined,
  );
  return { age, unsupported: [...unsupported, ...merged.flatMap((m) => m.unsupported)] };
}

function parseRule(r: unknown, i: number, file?: string): CreationRule {
  const where = { file, path: `creation_rules[${i}]` };
  if (!isObj(r)) throw sopsError('SOPS_CONFIG_INVALID', 'a creation rule must be a map', where);
  if (r['path_regexp'] !== undefined)
    throw sopsError('SOPS_CONFIG_INVALID', '"path_regexp" is not a sops key (did you mean "path_regex"?)', where);
  const pathRegex = r['path_regex'];
  if (pathRegex !== undefined && typeof pathRegex !== 'string')
    throw sopsError('SOPS_CONFIG_INVALID', 'path_regex must be a string', where);
  if (typeof pathRegex === 'string') compileRe2(pathRegex, where);
  const kg = r['key_groups'];
  let groups: { age: string[]; unsupported: string[] }[];
  if (kg !== undefined) {
    if (!Array.isArray(kg)) throw sopsError('SOPS_CONFIG_INVALID', 'key_groups must be a list', where);
    groups = kg.map((g, j) => groupOf(g, { file, path: `${where.path}.key_groups[${j}]` }));
  } else {
    groups = [
      {
        age: recipientsOf(r['age'], where),
        unsupported: OTHER_RULE_KEYS.filter((k) => r[k] !== undefined && r[k] !== ''),
      },
    ];
  }
  const threshold = r['shamir_threshold'] ?? 0;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0)
    throw sopsError('SOPS_CONFIG_INVALID', 'shamir_threshold must be a non-negative integer', where);
  const rule = ruleFromFields(r, where, 'SOPS_CONFIG_INVALID');
  if (rule && rule.kind.endsWith('regex')) compileRe2(rule.value, where);
  return {
    pathRegex,
    keyGroups: groups.map((g) => g.age),
    shamirThreshold: threshold,
    rule,
    macOnlyEncrypted: r['mac_only_encrypted'] === true,
    unsupportedKeys: [...new Set(groups.flatMap((g) => g.unsupported))],
  };
}

function indentOf(stores: unknown, store: string): unknown {
  return isObj(stores) && isObj(stores[store]) ? stores[store]['indent'] : undefined;
}

/** Parses `.sops.yaml` text. Throws SOPS_CONFIG_INVALID with the rule's position. */
export function parseSopsConfig(text: string, file?: string): SopsConfig {
  const docs = parseYaml(text, file);
  const root = toPlain(docs[0] ?? mapOf([]));
  if (!isObj(root)) throw sopsError('SOPS_CONFIG_INVALID', 'the config must be a map', { file });
  const rules = root['creation_rules'] ?? [];
  if (!Array.isArray(rules)) throw sopsError('SOPS_CONFIG_INVALID', 'creation_rules must be a list', { file });
  const yamlIndent = indentOf(root['stores'], 'yaml');
  const jsonIndent = indentOf(root['stores'], 'json');
  return {
    creationRules: rules.map((r, i) => parseRule(r, i, file)),
    yamlIndent: typeof yamlIndent === 'number' && yamlIndent > 0 ? yamlIndent : undefined,
    jsonIndent: typeof jsonIndent === 'number' ? (jsonIndent < 0 ? '\t' : ' '.repeat(jsonIndent)) : undefined,
  };
}

/**
 * The first creation rule whose `path_regex` matches the file. The path
 * tested is the file's absolute path made relative to the config's folder
 * when the file lies below it (absolute otherwise), as sops does.
 */
export function matchCreationRule(config: SopsConfig, filePath: string, configDir: string): CreationRule {
  const abs = resolve(filePath);
  const rel = relative(resolve(configDir), abs);
  const tested = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : abs;
  const rule = config.creationRules.find((r) => r.pathRegex === undefined || compileRe2(r.pathRegex).test(tested));
  if (!rule)
    throw sopsError('SOPS_NO_CREATION_RULE', `no creation rule in .sops.yaml matches ${tested}`, { file: filePath });
  return rule;
}

/** Looks for `.sops.yaml` from `startDir` upwards (as sops does from the working directory). */
export async function findSopsConfig(startDir: string): Promise<string | undefined> {
  let dir = resolve(startDir);
  for (let i = 0; i < 100; i++) {
    const candidate = join(dir, '.sops.yaml');
    if (
      await stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Reads and parses a `.sops.yaml`. */
export async function loadSopsConfig(path: string): Promise<SopsConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw sopsError('SOPS_CONFIG_INVALID', `cannot read ${path}`, { file: path }, err);
  }
  return parseSopsConfig(text, path);
}
