import type { SecretManifest } from '@docugen-secrets/manifest';
import type { PlanEntry } from '@docugen-secrets/rotation';
import { crossingsOf, severityOf, windowOpenings } from './escalation.js';
import { orphanAlerts } from './orphans.js';
import { sanitizeCode, sanitizeHandle, sanitizeId, sanitizeMessage, sanitizeUrl } from './sanitize.js';
import { todoOf } from './todo.js';
import {
  alertKey,
  type AlertKind,
  type DesiredAlert,
  type DesiredState,
  type DriftFinding,
  type RotationOutcome,
} from './types.js';

/** What the inputs say about one secret: the problem, since when, until when. */
interface Problem {
  readonly kind: AlertKind;
  readonly since: Date;
  readonly deadline?: Date;
  readonly summary: string;
  readonly failure?: DesiredAlert['failure'];
}

const PLAN_KINDS: readonly AlertKind[] = ['expiring', 'overdue', 'expired', 'manual-rotation-needed'];
const iso = (d: Date): string => d.toISOString();

function withDeadline(deadline: Date | undefined): { deadline?: Date } {
  return deadline ? { deadline } : {};
}

const EPOCH = new Date(0);

/** Manual strategy (or blocked: nobody may rotate it automatically) with something to do: inside a window, due, or never stored. */
function manualProblem(e: PlanEntry, windowFrom: Date | undefined, now: Date): Problem | undefined {
  const expiry = e.expiresAt;
  if (expiry && windowFrom && now >= windowFrom) {
    return {
      kind: 'manual-rotation-needed',
      since: windowFrom,
      deadline: expiry,
      summary: `expires at ${iso(expiry)} and is inside its warning window; it is rotated by hand`,
    };
  }
  if (e.status !== 'blocked') return undefined;
  if (e.dueAt)
    return {
      kind: 'manual-rotation-needed',
      since: e.dueAt,
      ...withDeadline(expiry ?? e.dueAt),
      summary: `needs a rotation by a human: due since ${iso(e.dueAt)}`,
    };
  return {
    kind: 'manual-rotation-needed',
    since: EPOCH,
    ...withDeadline(expiry),
    summary: 'needs a value put in by a human: the store does not hold it yet',
  };
}

/**
 * The clock-driven problem of a planned secret, if any. Expired wins over any
 * other status (even in-progress); a due secret inside a warning window is
 * expiring (the plan is computed after the run's rotations, so it was not rotated).
 */
function planProblem(m: SecretManifest, e: PlanEntry, now: Date): Problem | undefined {
  const expiry = e.expiresAt;
  if (expiry && now >= expiry)
    return { kind: 'expired', since: expiry, deadline: expiry, summary: `expired at ${iso(expiry)}` };
  const windowFrom = expiry ? windowOpenings(m, expiry)[0]?.at : undefined;
  if (m.rotation.kind === 'manual' || e.status === 'blocked') return manualProblem(e, windowFrom, now);
  if (e.status === 'overdue' && e.dueAt) {
    return {
      kind: 'overdue',
      since: e.dueAt,
      ...withDeadline(expiry),
      summary: `overdue: its rotation cadence ran out at ${iso(e.dueAt)}`,
    };
  }
  // A due secret the run did not rotate (its rotation failed or waits) is as close to its expiry as an
  // expiring one: the planner's precedence says "due", on-call still needs the deadline.
  if ((e.status === 'expiring' || e.status === 'due') && expiry && windowFrom && now >= windowFrom) {
    return {
      kind: 'expiring',
      since: windowFrom,
      deadline: expiry,
      summary: `expires at ${iso(expiry)} and is inside its warning window`,
    };
  }
  return undefined;
}

function failureProblem(o: RotationOutcome, e: PlanEntry | undefined): Problem | undefined {
  if (o.result !== 'failed' && o.result !== 'error') return undefined;
  const at = new Date(o.at);
  const code = sanitizeCode(o.errorCode);
  const step = o.failedStep === undefined ? undefined : sanitizeId(o.failedStep);
  const message = o.message === undefined ? undefined : sanitizeMessage(o.message);
  const runUrl = sanitizeUrl(o.runUrl);
  const failure = {
    ...(step ? { step } : {}),
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    ...(o.attempt === undefined ? {} : { attempt: o.attempt }),
    ...(runUrl ? { runUrl } : {}),
  };
  const where = step ? ` at step ${step}` : '';
  return {
    kind: 'rotation-failed',
    since: at,
    ...withDeadline(e?.expiresAt ?? e?.dueAt),
    summary: `the rotation failed${where}${code ? ` (${code})` : ''}`,
    failure,
  };
}

function driftProblem(f: DriftFinding): Problem {
  const since = f.since === undefined ? new Date(0) : new Date(f.since);
  const code = sanitizeCode(f.code) ?? 'UNKNOWN';
  return { kind: 'drift', since, summary: `drift ${code}: ${sanitizeMessage(f.message)}` };
}

function toAlert(m: SecretManifest, p: Problem, now: Date): DesiredAlert {
  const crossings = p.since.getTime() === 0 ? [] : crossingsOf(m, p.since, p.deadline, now);
  const escalated = crossings.flatMap((c) => c.assignees ?? []);
  const assignees = [...new Set([...(m.oncall.assignees ?? []).flatMap((a) => sanitizeHandle(a) ?? []), ...escalated])];
  const team = m.oncall.team === undefined ? undefined : sanitizeHandle(m.oncall.team);
  return {
    secretId: m.id,
    kind: p.kind,
    severity: severityOf(p.kind, m.classification, crossings.length),
    since: p.since,
    ...withDeadline(p.deadline),
    level: crossings.length,
    crossings,
    summary: p.summary,
    todo: todoOf(m, p.kind, p.failure?.step),
    ...(team ? { team } : {}),
    assignees,
    runbook: m.runbook,
    ...(p.failure ? { failure: p.failure } : {}),
  };
}

/**
 * The alerts that should be open at `now`, from the manifests, their plan
 * entries (as `plan` computes them at `now`), the last rotation outcomes and
 * drift findings. Pure. `outcomes` / `drift` undefined means "not given":
 * those kinds are left as they are; given, a secret without a failed outcome
 * has recovered only when it has an outcome at all (a sharded run reports
 * only its shard), while a drift file is the whole truth. A plan entry with
 * status `unknown` (store unreadable) decides nothing.
 */
export function desiredAlerts(
  manifests: readonly SecretManifest[],
  plan: readonly PlanEntry[],
  outcomes: readonly RotationOutcome[] | undefined,
  drift: readonly DriftFinding[] | undefined,
  now: Date,
): DesiredState {
  const entries = new Map(plan.map((e) => [e.secretId, e]));
  const lastOutcome = new Map((outcomes ?? []).map((o) => [o.secretId, o]));
  const alerts: DesiredAlert[] = [];
  const unknown = new Set<string>();
  for (const m of manifests) {
    const e = entries.get(m.id);
    if (e === undefined || e.status === 'unknown') for (const k of PLAN_KINDS) unknown.add(alertKey(m.id, k));
    const fromPlan = e && e.status !== 'unknown' ? planProblem(m, e, now) : undefined;
    const o = lastOutcome.get(m.id);
    if (outcomes === undefined || o === undefined) unknown.add(alertKey(m.id, 'rotation-failed'));
    const failed = o ? failureProblem(o, e) : undefined;
    if (drift === undefined) unknown.add(alertKey(m.id, 'drift'));
    const drifted = (drift ?? [])
      .filter((f) => f.secretId === m.id)
      .slice(0, 1)
      .map(driftProblem);
    for (const p of [fromPlan, failed, ...drifted]) if (p) alerts.push(toAlert(m, p, now));
  }
  alerts.push(...orphanAlerts(drift ?? [], new Set(manifests.map((m) => m.id))));
  return { alerts, unknown, ...(drift === undefined ? { unknownKinds: new Set(['drift'] as const) } : {}) };
}
