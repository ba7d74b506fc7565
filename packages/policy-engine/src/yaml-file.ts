import type { ErrorObject } from 'ajv';
import { isMap } from 'yaml';
import type { Finding } from '@docugen-secrets/core';
import { locate, parseYamlSource, pointerSegments, type YamlSource } from '@docugen-secrets/manifest';

/** A validator compiled by ajv (or anything shaped like one). */
export interface SchemaCheck {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** A policy-side YAML file (config, waivers, team registry) after parse and schema check. */
export interface LoadedYaml {
  readonly source?: YamlSource;
  readonly data?: unknown;
  readonly findings: readonly Finding[];
  /** JSON pointers of the nodes that failed the schema (e.g. `/waivers/2`), to skip bad entries only. */
  readonly invalidPaths: readonly string[];
}

function at(
  file: string,
  code: string,
  message: string,
  range: { start: Finding['start']; end: Finding['end'] },
  path?: string,
): Finding {
  return {
    ruleId: code,
    severity: 'error',
    message,
    file,
    start: range.start,
    end: range.end,
    ...(path === undefined ? {} : { path }),
  };
}

function where(pointer: string): string {
  const s = pointerSegments(pointer);
  return s.length === 0
    ? 'file'
    : s
        .map((x) => (/^\d+$/.test(x) ? `[${x}]` : `.${x}`))
        .join('')
        .replace(/^\./, '');
}

/** A readable message for one ajv error, without raw validator jargon. */
export function describeAjvError(e: ErrorObject): { message: string; segments: string[]; target: 'key' | 'value' } {
  const segments = pointerSegments(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const here = where(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { message: `${here}: missing required field "${String(p['missingProperty'])}"`, segments, target: 'key' };
    case 'additionalProperties':
      return {
        message: `${here}: unknown field "${String(p['additionalProperty'])}"`,
        segments: [...segments, String(p['additionalProperty'])],
        target: 'key',
      };
    case 'enum':
      return {
        message: `${here}: must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        segments,
        target: 'value',
      };
    case 'const':
      return { message: `${here}: must be ${JSON.stringify(p['allowedValue'])}`, segments, target: 'value' };
    case 'type':
      return { message: `${here}: must be ${String(p['type'])}`, segments, target: 'value' };
    case 'pattern':
      return { message: `${here}: must match ${String(p['pattern'])}`, segments, target: 'value' };
    default:
      return { message: `${here}: ${e.message ?? 'is not valid'}`, segments, target: 'value' };
  }
}

/** Turns ajv errors into positioned findings; `codeFor` picks a code per error (e.g. a missing waiver reason). */
export function schemaErrorFindings(
  source: YamlSource,
  errors: readonly ErrorObject[],
  codeFor: (e: ErrorObject) => string,
  prefix = '',
): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
    const d = describeAjvError(e);
    // A list item has no key to point at: point at the item itself.
    const target = d.target === 'key' && /^\d+$/.test(d.segments.at(-1) ?? '') ? 'value' : d.target;
    const range = locate(source, [...pointerSegments(prefix), ...d.segments], target);
    const key = `${d.message}|${range.start.line}:${range.start.col}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(at(source.file, codeFor(e), d.message, range, `${prefix}${e.instancePath}` || '/'));
  }
  return out;
}

/**
 * Parses a policy-side YAML file with positions (same safe YAML rules as
 * manifests: no aliases, unique keys) and checks it against its schema.
 * Never throws on bad input; every problem is a positioned finding.
 */
export function loadYamlFile(
  file: string,
  text: string,
  check: SchemaCheck,
  codeFor: (e: ErrorObject) => string,
  invalidCode: string,
): LoadedYaml {
  const { source, findings } = parseYamlSource(file, text);
  const yamlFindings = findings.map((f) => ({ ...f, ruleId: invalidCode, message: `${f.message} (${f.ruleId})` }));
  if (yamlFindings.length > 0 || !isMap(source.doc.contents)) {
    const all =
      yamlFindings.length > 0
        ? yamlFindings
        : [at(file, invalidCode, 'top level must be a mapping', locate(source, []))];
    return { source, findings: all, invalidPaths: [] };
  }
  const data: unknown = source.doc.toJS({ maxAliasCount: 0 });
  if (check(data)) return { source, data, findings: [], invalidPaths: [] };
  const errors = check.errors ?? [];
  return {
    source,
    data,
    findings: schemaErrorFindings(source, errors, codeFor),
    invalidPaths: errors.map((e) => e.instancePath),
  };
}
