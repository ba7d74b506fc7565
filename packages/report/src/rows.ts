import { durationMs, MS, tryParseDuration } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretDescription } from '@docugen-secrets/secret-store';
import { restartEvents } from './restarts.js';
import { rotationEvents } from './rotations.js';
import type {
  ComplianceReport,
  ComplianceRow,
  ComplianceStatus,
  OpenAlert,
  ReportInput,
  RestartEvent,
  RotationEvent,
  WaiverFact,
} from './types.js';

const YEAR_MS = 365 * MS.DAY;

/**
 * The compliance report: one row per manifest, sorted by id. Pure: the
 * same input gives the same report, and `now` is an argument.
 *
 * A secret is overdue when its current value is older than its limit: the
 * manifest's cadence, capped by NFR5's maximum for its classification (the
 * class's own maximum or the cap for any class, whichever is shorter — as
 * policy SM001 reads it); a manual secret without a cadence has only the
 * policy maximum.
 */
export function buildComplianceReport(input: ReportInput): ComplianceReport {
  const events = rotationEvents(input.manifests, input.audit, input.gitHistory);
  const sorted = [...input.manifests].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const restarts = restartEvents(input.audit);
  const rows = sorted.map((m) => rowOf(m, input, events.get(m.id) ?? [], restarts.get(m.id) ?? []));
  const count = (s: ComplianceStatus): number => rows.filter((r) => r.status === s).length;
  return {
    generatedAt: input.now,
    windowStart: new Date(input.now.getTime() - YEAR_MS),
    ...(input.auditVerified === undefined ? {} : { auditVerified: input.auditVerified }),
    alertsKnown: input.alerts !== undefined,
    sources: input.sources ?? [],
    rows,
    totals: {
      secrets: rows.length,
      ok: count('ok'),
      overdue: count('overdue'),
      missing: count('missing'),
      unknown: count('unknown'),
      waived: rows.filter((r) => r.waivers.length > 0).length,
      withOpenAlerts: rows.filter((r) => (r.openAlerts?.length ?? 0) > 0).length,
    },
  };
}

function rowOf(
  m: SecretManifest,
  input: ReportInput,
  history: readonly RotationEvent[],
  restarts: readonly RestartEvent[],
): ComplianceRow {
  const now = input.now;
  const inYear = (e: { at: Date }): boolean =>
    e.at.getTime() <= now.getTime() && now.getTime() - e.at.getTime() <= YEAR_MS;
  const desc = input.descriptions.get(m.id);
  const inWindow = history.filter(inYear);
  const past = history.filter((e) => e.at.getTime() <= now.getTime());
  const lastRotation = past.at(-1);
  const currentSince = currentSinceOf(desc, past);
  const cadenceDays = daysOf(m.rotation.cadence);
  const policyMaxDays = minDefined(daysOf(input.maxCadence[m.classification]), daysOf(input.maxCadence.any));
  const limit = minDefined(cadenceDays, policyMaxDays);
  const dueAt = currentSince && limit !== undefined ? new Date(currentSince.getTime() + limit * MS.DAY) : undefined;
  const lateMs = dueAt ? now.getTime() - dueAt.getTime() : 0;
  const status: ComplianceStatus =
    desc === undefined ? 'unknown' : currentSince === undefined ? 'missing' : lateMs > 0 ? 'overdue' : 'ok';
  return {
    secretId: m.id,
    classification: m.classification,
    environment: m.environment,
    ownerTeam: m.owner.team,
    backend:
      m.backend.kind === 'sops'
        ? `sops ${m.backend.path}`
        : `aws-secrets-manager ${m.backend.name} (${m.backend.region})`,
    strategy: m.rotation.strategy,
    status,
    ...(currentSince
      ? { currentSince, ageDays: Math.max(0, Math.floor((now.getTime() - currentSince.getTime()) / MS.DAY)) }
      : {}),
    ...(lastRotation ? { lastRotation } : {}),
    rotationsLast12Months: inWindow.filter((e) => e.trigger !== 'initial').length,
    ...(cadenceDays === undefined ? {} : { cadenceDays }),
    ...(policyMaxDays === undefined ? {} : { policyMaxDays }),
    ...(dueAt ? { dueAt } : {}),
    daysOverdue: lateMs > 0 ? Math.ceil(lateMs / MS.DAY) : 0,
    waivers: input.waivers.filter((w) => waiverApplies(w, m.id, now)),
    ...(input.alerts === undefined ? {} : { openAlerts: input.alerts.filter((a: OpenAlert) => a.secretId === m.id) }),
    history: inWindow,
    restarts: restarts.filter(inYear),
  };
}

/**
 * When the current value became current: the store's promotion time (else
 * the current version's creation), or a later change the store cannot know
 * of (a commit outside the rotator). No current version: undefined.
 */
function currentSinceOf(desc: SecretDescription | undefined, past: readonly RotationEvent[]): Date | undefined {
  const current = desc?.versions.find((v) => v.stages.includes('current') && v.failed !== true && v.retired !== true);
  if (!desc || !current) return undefined;
  const stored = desc.lastRotatedAt ?? current.createdAt;
  const outside = past.filter((e) => e.source === 'git').at(-1)?.at;
  return outside && outside > stored ? outside : stored;
}

function daysOf(iso: string | undefined): number | undefined {
  const d = iso === undefined ? undefined : tryParseDuration(iso);
  return d === undefined ? undefined : durationMs(d) / MS.DAY;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

/** A waiver is in force for `id` until the end of its `expires` day (UTC); `*` and `?` glob ids. */
export function waiverApplies(w: WaiverFact, id: string, now: Date): boolean {
  const end = Date.parse(`${w.expires}T00:00:00Z`) + MS.DAY;
  if (Number.isNaN(end) || now.getTime() >= end) return false;
  const pattern = new RegExp(
    `^${w.secret
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return pattern.test(id);
}
