import type { ErrorObject } from 'ajv';
import type { Finding } from '@docugen-secrets/core';
import { MAX_FINDINGS_PER_FILE, type ManifestErrorCode } from './codes.js';
import { locate, pointerSegments } from './locate.js';
import type { YamlSource } from './yaml-source.js';

/** Friendly names for the schema's reusable string shapes, keyed by `$defs` name. */
const SHAPES: Readonly<Record<string, string>> = {
  duration: 'an ISO-8601 duration such as P30D or PT12H',
  handle: 'a GitHub handle such as @octocat',
  teamRef: 'a GitHub team such as @docugen/platform-oncall',
  teamSlug: 'a GitHub team slug (lowercase letters, digits, - and _)',
  id: 'a lowercase id of 3–63 letters, digits and single hyphens (e.g. google-places-api-key)',
};

function where(pointer: string): string {
  const segments = pointerSegments(pointer);
  return segments.length === 0
    ? 'manifest'
    : segments
        .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
        .join('')
        .replace(/^\./, '');
}

function shapeOf(e: ErrorObject): string | undefined {
  const m = /#\/\$defs\/(\w+)\/pattern$/.exec(e.schemaPath);
  return m?.[1] === undefined ? undefined : SHAPES[m[1]];
}

function quoted(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

interface Mapped {
  code: ManifestErrorCode;
  message: string;
  segments: string[];
  target: 'key' | 'value';
}

function tooMany(file: string, dropped: number): Finding {
  const message = `${dropped} more schema problem(s) not listed: fix the ones above first (at most ${MAX_FINDINGS_PER_FILE} are reported per file)`;
  return {
    ruleId: 'MANIFEST_TOO_MANY_FINDINGS',
    severity: 'error',
    message,
    file,
    start: { line: 1, col: 1 },
    end: { line: 1, col: 1 },
  };
}

function describe(e: ErrorObject, data: unknown, all: readonly ErrorObject[]): Mapped {
  const segments = pointerSegments(e.instancePath);
  const at = where(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return {
        code: 'MANIFEST_MISSING_FIELD',
        message: `${at}: missing required field "${String(p['missingProperty'])}"`,
        segments,
        target: 'key',
      };
    case 'additionalProperties': {
      const name = String(p['additionalProperty']);
      return {
        code: 'MANIFEST_UNKNOWN_FIELD',
        message: `${at}: unknown field "${name}"`,
        segments: [...segments, name],
        target: 'key',
      };
    }
    case 'type':
      return {
        code: 'MANIFEST_WRONG_TYPE',
        message: `${at}: must be ${String(p['type'])}, got ${typeName(valueAt(data, segments))}`,
        segments,
        target: 'value',
      };
    case 'discriminator':
      return {
        code: 'MANIFEST_INVALID_KIND',
        message: `${at}: ${discriminatorMessage(e)}`,
        segments: [...segments, 'kind'],
        target: 'value',
      };
    case 'enum':
      return {
        code: 'MANIFEST_INVALID_VALUE',
        message: `${at}: must be one of ${(p['allowedValues'] as unknown[]).map(quoted).join(', ')}`,
        segments,
        target: 'value',
      };
    case 'const':
      return {
        code: 'MANIFEST_INVALID_VALUE',
        message: `${at}: must be ${quoted(p['allowedValue'])}`,
        segments,
        target: 'value',
      };
    case 'anyOf':
      return {
        code: 'MANIFEST_MISSING_FIELD',
        message: `${at}: ${anyOfMessage(anyOfNames(e, all))}`,
        segments,
        target: 'key',
      };
    case 'pattern':
      return {
        code: 'MANIFEST_INVALID_VALUE',
        message: `${at}: must be ${shapeOf(e) ?? `text matching ${String(p['pattern'])}`}`,
        segments,
        target: 'value',
      };
    case 'format':
      return {
        code: 'MANIFEST_INVALID_VALUE',
        message: `${at}: must be a ${String(p['format'])} with a time zone that a clock can hold (e.g. 2027-01-31T00:00:00Z; no leap second 23:59:60)`,
        segments,
        target: 'value',
      };
    default:
      return {
        code: 'MANIFEST_INVALID_VALUE',
        message: `${at}: ${e.message ?? 'is not valid'}`,
        segments,
        target: 'value',
      };
  }
}

function discriminatorMessage(e: ErrorObject): string {
  const p = e.params as { error?: string; tag?: string; tagValue?: unknown };
  if (p.error === 'mapping') return `kind ${quoted(p.tagValue)} is not one of the known kinds`;
  return 'needs a "kind" naming its variant';
}

/** The `required` names inside a failed anyOf's branches, e.g. ["maxAge", "notAfter"]. */
function anyOfNames(e: ErrorObject, all: readonly ErrorObject[]): string[] {
  const prefix = e.schemaPath.replace(/\/anyOf$/, '/anyOf/');
  const names = all
    .filter((x) => x.keyword === 'required' && x.schemaPath.startsWith(prefix))
    .map((x) => String((x.params as { missingProperty?: unknown }).missingProperty));
  return [...new Set(names)];
}

function anyOfMessage(names: readonly string[]): string {
  return names.length > 0
    ? `needs at least one of ${names.map((n) => `"${n}"`).join(', ')}`
    : 'matches none of the allowed shapes';
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let v = data;
  for (const s of segments) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v === 'string' ? 'text' : typeof v;
}

/**
 * Turns ajv errors into positioned findings. The inner `required` errors of a
 * failed `anyOf` are folded into one "needs at least one of" finding, and the
 * generic "must match exactly one schema" of a discriminated `oneOf` is dropped
 * (the branch's own errors say what is wrong). At most
 * `MAX_FINDINGS_PER_FILE` are reported; one more finding counts the rest.
 */
export function schemaFindings(src: YamlSource, data: unknown, errors: readonly ErrorObject[]): Finding[] {
  const anyOfPaths = errors
    .filter((e) => e.keyword === 'anyOf')
    .map((e) => e.schemaPath.replace(/\/anyOf$/, '/anyOf/'));
  const kept = errors.filter((e) => e.keyword !== 'oneOf' && !anyOfPaths.some((p) => e.schemaPath.startsWith(p)));
  const seen = new Set<string>();
  const out: Finding[] = [];
  let dropped = 0;
  for (const e of kept) {
    if (out.length >= MAX_FINDINGS_PER_FILE) {
      dropped++;
      continue;
    }
    const m = describe(e, data, errors);
    const range = locate(src, m.segments, m.target);
    const dedupe = `${m.code}|${m.message}|${range.start.line}:${range.start.col}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push({
      ruleId: m.code,
      severity: 'error',
      message: m.message,
      file: src.file,
      start: range.start,
      end: range.end,
      path: e.instancePath || '/',
    });
  }
  if (dropped > 0) out.push(tooMany(src.file, dropped));
  return out;
}
