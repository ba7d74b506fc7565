import type { AuditDetail, AuditRecord } from './event.js';

/**
 * Shape check of one parsed line. Returns the problems found (empty when the
 * record is well-formed); verification reports them as AUDIT_MALFORMED.
 * Deliberately strict about members: an unknown member could smuggle data
 * (a value) into the log, so it is a finding.
 */
const KNOWN = new Set([
  'seq',
  'prev',
  'hash',
  'at',
  'actor',
  'action',
  'secretId',
  'versionId',
  'outcome',
  'errorCode',
  'durationMs',
  'requestIds',
  'correlation',
  'fingerprint',
  'details',
]);
const HEX64 = /^[0-9a-f]{64}$/;

export function recordProblems(r: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  need(Number.isSafeInteger(r['seq']) && (r['seq'] as number) >= 1, '"seq" must be a positive integer');
  need(typeof r['prev'] === 'string' && HEX64.test(r['prev']), '"prev" must be a SHA-256 hex digest');
  need(typeof r['hash'] === 'string' && HEX64.test(r['hash']), '"hash" must be a SHA-256 hex digest');
  need(typeof r['at'] === 'string' && !Number.isNaN(Date.parse(r['at'])), '"at" must be an ISO-8601 time');
  need(isPlainObject(r['actor']) && typeof r['actor']['kind'] === 'string', '"actor" must be an object with a kind');
  need(typeof r['action'] === 'string' && r['action'] !== '', '"action" must be a non-empty string');
  need(typeof r['secretId'] === 'string', '"secretId" must be a string');
  need(r['outcome'] === 'success' || r['outcome'] === 'failure', '"outcome" must be success or failure');
  problems.push(...eventFieldProblems(r));
  for (const key of Object.keys(r)) if (!KNOWN.has(key)) problems.push(`unknown member "${key}"`);
  return problems;
}

/** Checks of the optional members, shared by `recordProblems` and the writers' input check. */
export function eventFieldProblems(r: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const optional = (key: string, ok: (v: unknown) => boolean, what: string): void => {
    if (r[key] !== undefined && !ok(r[key])) problems.push(`"${key}" ${what}`);
  };
  optional('versionId', isString, 'must be a string');
  optional('errorCode', isString, 'must be a string');
  optional('durationMs', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'must be a non-negative number');
  optional('requestIds', (v) => Array.isArray(v) && v.every(isString), 'must be a list of strings');
  optional('correlation', (v) => isPlainObject(v) && Object.values(v).every(isString), 'must map names to strings');
  optional(
    'fingerprint',
    (v) => typeof v === 'string' && /^hmac-sha256:[A-Za-z0-9_-]{8,64}$/.test(v),
    'must be a keyed fingerprint (hmac-sha256:…)',
  );
  optional(
    'details',
    (v) => isPlainObject(v) && Object.values(v).every(isDetail),
    'must map names to strings, numbers or booleans',
  );
  return problems;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function isDetail(v: unknown): v is AuditDetail {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Narrowing helper for callers that already ran `recordProblems`. */
export function asRecord(r: Record<string, unknown>): AuditRecord {
  return r as unknown as AuditRecord;
}
