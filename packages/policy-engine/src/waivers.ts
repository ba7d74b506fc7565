import type { ErrorObject } from 'ajv';
import picomatch from 'picomatch';
import type { Finding } from '@docugen-secrets/core';
import { locate, type YamlSource } from '@docugen-secrets/manifest';
import type { PolicyErrorCode } from './codes.js';
import { validateWaivers } from './generated/validators.generated.js';
import { loadYamlFile, type SchemaCheck } from './yaml-file.js';

/** An accepted exception to a rule for one secret (or a glob of ids), valid until a date. */
export interface Waiver {
  readonly rule: string;
  readonly secret: string;
  readonly reason: string;
  readonly owner: string;
  /** Last day (UTC) the waiver applies, `YYYY-MM-DD`. */
  readonly expires: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** What a waived finding carries in reports. */
export interface WaiverNote {
  readonly reason: string;
  readonly owner: string;
  readonly expires: string;
  readonly file: string;
  readonly line: number;
}

/**
 * A finding as reported: the raw finding plus the waiver that accepted it, if
 * any. Producers other than the policy rules (the leak scanner) may attach
 * `properties` (SARIF result properties; text and summary show the keys they
 * are asked to) and `partialFingerprints` (SARIF, for alert de-duplication).
 * Both must be safe to publish: never a secret value.
 */
export interface ReportedFinding extends Finding {
  readonly waiver?: WaiverNote;
  readonly properties?: Readonly<Record<string, string>>;
  readonly partialFingerprints?: Readonly<Record<string, string>>;
}

interface RawWaiver {
  rule: string;
  secret: string;
  reason: string;
  owner: string;
  expires: string;
}

const waiverCheck = validateWaivers as SchemaCheck;

function codeFor(e: ErrorObject): PolicyErrorCode {
  const missing = (e.params as { missingProperty?: unknown }).missingProperty;
  if (e.keyword === 'required' && missing === 'reason') return 'WAIVER_MISSING_REASON';
  if (e.instancePath.endsWith('/reason')) return 'WAIVER_MISSING_REASON';
  return 'WAIVER_INVALID';
}

function finding(
  source: YamlSource,
  code: PolicyErrorCode,
  message: string,
  segments: string[],
  severity: Finding['severity'] = 'error',
): Finding {
  const r = locate(source, segments);
  return {
    ruleId: code,
    severity,
    message,
    file: source.file,
    start: r.start,
    end: r.end,
    path: `/${segments.join('/')}`,
  };
}

/** The instant a waiver stops applying: the start of the day after `expires`, UTC. */
export function waiverEnd(expires: string): Date | undefined {
  const d = new Date(`${expires}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== expires) return undefined;
  return new Date(d.getTime() + 24 * 3600 * 1000);
}

/**
 * Loads the waiver file. A waiver without a reason, with an unknown rule, an
 * impossible date or past its expiry is an error finding at its position and
 * is not applied; the valid ones are returned.
 */
export function loadWaivers(
  file: string,
  text: string,
  opts: { ruleIds: ReadonlySet<string>; now: Date },
): { waivers: Waiver[]; findings: Finding[] } {
  const loaded = loadYamlFile(file, text, waiverCheck, codeFor, 'WAIVER_INVALID');
  const findings: Finding[] = [...loaded.findings];
  const list = (loaded.data as { waivers?: unknown } | undefined)?.waivers;
  if (!loaded.source || !Array.isArray(list)) return { waivers: [], findings };
  const source = loaded.source;
  const bad = new Set(loaded.invalidPaths.map((p) => /^\/waivers\/(\d+)/.exec(p)?.[1]).filter((x) => x !== undefined));
  const waivers: Waiver[] = [];
  (list as RawWaiver[]).forEach((raw, i) => {
    if (bad.has(String(i))) return;
    const problem = waiverProblem(raw, opts);
    if (problem) {
      findings.push(
        finding(source, problem.code, `waivers[${i}]: ${problem.message}`, ['waivers', String(i), problem.field]),
      );
      return;
    }
    const { start } = locate(source, ['waivers', String(i)]);
    waivers.push({ ...raw, file, line: start.line, col: start.col });
  });
  return { waivers, findings };
}

function waiverProblem(
  w: RawWaiver,
  opts: { ruleIds: ReadonlySet<string>; now: Date },
): { code: PolicyErrorCode; message: string; field: string } | undefined {
  if (!opts.ruleIds.has(w.rule))
    return { code: 'WAIVER_UNKNOWN_RULE', message: `no rule has id ${w.rule}`, field: 'rule' };
  const end = waiverEnd(w.expires);
  if (!end)
    return { code: 'WAIVER_INVALID', message: `expires "${w.expires}" is not a calendar date`, field: 'expires' };
  if (opts.now.getTime() >= end.getTime()) {
    return {
      code: 'WAIVER_EXPIRED',
      message: `waiver of ${w.rule} for "${w.secret}" expired on ${w.expires}: renew it (with a new reason and date) or fix the finding`,
      field: 'expires',
    };
  }
  return undefined;
}

/** Plain secret ids (no glob syntax) match only themselves, so they skip compiling a picomatch regex. */
const LITERAL_ID = /^[a-z0-9-]+$/;

function secretMatcher(pattern: string): (secret: string) => boolean {
  return LITERAL_ID.test(pattern) ? (secret) => secret === pattern : picomatch(pattern);
}

/**
 * Marks each waivable finding (a rule finding about a known secret) with the
 * first waiver whose rule matches and whose glob matches the secret id.
 */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  waivable: (f: Finding) => boolean,
): { findings: ReportedFinding[]; used: ReadonlySet<Waiver> } {
  const matchers = waivers.map((w) => ({ w, match: secretMatcher(w.secret) }));
  const used = new Set<Waiver>();
  const out = findings.map((f): ReportedFinding => {
    if (f.secretId === undefined || !waivable(f)) return f;
    const secret = f.secretId;
    const hit = matchers.find((m) => m.w.rule === f.ruleId && m.match(secret));
    if (!hit) return f;
    used.add(hit.w);
    return {
      ...f,
      waiver: { reason: hit.w.reason, owner: hit.w.owner, expires: hit.w.expires, file: hit.w.file, line: hit.w.line },
    };
  });
  return { findings: out, used };
}

/** A warning for every waiver that matched nothing (only meaningful on a full check). */
export function unusedWaivers(waivers: readonly Waiver[], used: ReadonlySet<Waiver>): Finding[] {
  const code: PolicyErrorCode = 'WAIVER_UNUSED';
  return waivers
    .filter((w) => !used.has(w))
    .map((w) => ({
      ruleId: code,
      severity: 'warning',
      message: `waiver of ${w.rule} for "${w.secret}" matches no finding: remove it`,
      file: w.file,
      start: { line: w.line, col: w.col },
      end: { line: w.line, col: w.col },
    }));
}
