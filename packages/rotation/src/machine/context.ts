import { isDocugenError } from '@docugen-secrets/core';
import type { AuditDetail, AuditOutcome } from '@docugen-secrets/audit';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretRef, SecretStore } from '@docugen-secrets/secret-store';
import { secretRef } from '../refs.js';
import type { Rotator, RotatorContext, TestOutcome } from '../rotators/port.js';
import { restartTargets, type RestartTarget } from '../restart/plan.js';
import type { RestartOutcome, RestartRecord } from '../restart/port.js';
import type { RotateOptions, RotationDeps, RotationResult, RotationResultKind, StepName } from './types.js';

/** One run over one secret: what it works on and what it has done so far. */
export interface Ctx {
  readonly deps: RotationDeps;
  readonly manifest: SecretManifest;
  readonly opts: RotateOptions;
  readonly ref: SecretRef;
  readonly store: SecretStore;
  readonly rotator: Rotator;
  /** Refreshed before every phase, so gates see the time the store stamps. */
  now: Date;
  readonly emergency: boolean;
  rctx: RotatorContext;
  readonly steps: StepName[];
  promoted?: string;
  retired?: string;
  discarded: boolean;
  /** The run works on the secret's first value (no current when it started a slot). */
  firstValue: boolean;
  /** How the promoted value's test proved it, when not the ordinary way (TestOutcome.detail). */
  testDetail?: string;
  /** Consumers this secret's promotions restart (rolling-restart with a trigger). */
  readonly restartTargets: readonly RestartTarget[];
  /** The restart ledger as last read (only when there are targets). */
  restartRecords: readonly RestartRecord[];
  /** The restart phase ran in this run (it runs at most once). */
  restartsTried: boolean;
  readonly restarts: RestartOutcome[];
}

export function makeCtx(
  deps: RotationDeps,
  manifest: SecretManifest,
  opts: RotateOptions,
  store: SecretStore,
  rotator: Rotator,
): Ctx {
  const now = deps.clock.now();
  const emergency = opts.emergency !== undefined;
  return {
    deps,
    manifest,
    opts,
    ref: secretRef(manifest),
    store,
    rotator,
    now,
    emergency,
    rctx: { manifest, now, random: deps.random, logger: deps.logger, emergency },
    steps: [],
    discarded: false,
    firstValue: false,
    restartTargets: restartTargets(manifest),
    restartRecords: [],
    restartsTried: false,
    restarts: [],
  };
}

interface Facts {
  readonly outcome?: AuditOutcome;
  readonly details?: Record<string, AuditDetail>;
}

function errorCodeOf(err: unknown): string {
  return isDocugenError(err) ? err.code : 'UNEXPECTED';
}

async function audit(
  ctx: Ctx,
  step: StepName | 'emergency',
  versionId: string | undefined,
  started: Date,
  outcome: AuditOutcome,
  errorCode?: string,
  details: Record<string, AuditDetail> = {},
): Promise<void> {
  const r = ctx.manifest.rotation;
  await ctx.deps.audit.append({
    at: started.toISOString(),
    actor: ctx.deps.actor,
    action: `rotation.${step}`,
    secretId: ctx.manifest.id,
    ...(versionId === undefined ? {} : { versionId }),
    outcome,
    ...(errorCode === undefined ? {} : { errorCode }),
    durationMs: Math.max(0, ctx.deps.clock.now().getTime() - started.getTime()),
    details: {
      rotator: r.kind,
      strategy: r.strategy,
      emergency: ctx.emergency,
      ...(ctx.opts.emergency ? { reason: ctx.opts.emergency.reason } : {}),
      ...details,
    },
  });
}

const failedSteps = new WeakMap<object, StepName>();

/** The step an error was thrown from (recorded by `step`), for value-free reports. */
export function failedStepOf(err: unknown): StepName | undefined {
  return typeof err === 'object' && err !== null ? failedSteps.get(err) : undefined;
}

/**
 * Runs one external call as a recorded step: audits it (success or failure,
 * fail closed), remembers it, then passes the checkpoint — so a crash
 * injected there happens after the call took effect and before anything
 * that depends on it.
 */
export async function step<T>(
  ctx: Ctx,
  name: StepName,
  versionId: string | undefined,
  fn: () => Promise<T>,
  facts?: (r: T) => Facts,
): Promise<T> {
  const started = ctx.deps.clock.now();
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    if (typeof err === 'object' && err !== null && !failedSteps.has(err)) failedSteps.set(err, name);
    await audit(ctx, name, versionId, started, 'failure', errorCodeOf(err));
    throw err;
  }
  const f = facts?.(result) ?? {};
  await audit(ctx, name, versionId, started, f.outcome ?? 'success', undefined, f.details);
  ctx.steps.push(name);
  await ctx.deps.checkpoint?.(name);
  return result;
}

/** Runs the test step and keeps a passing test's detail for the report. */
export async function testStep(
  ctx: Ctx,
  versionId: string | undefined,
  fn: () => Promise<TestOutcome>,
): Promise<TestOutcome> {
  const outcome = await step(ctx, 'test', versionId, fn, tested);
  if (outcome.ok && outcome.detail !== undefined) ctx.testDetail = outcome.detail;
  return outcome;
}

/** Audit facts of a test step: a failed test is a recorded failure (with its value-free reason), not an exception. */
export const tested = (
  o: TestOutcome,
): { outcome: 'success' | 'failure'; details: Record<string, string | boolean> } => ({
  outcome: o.ok ? 'success' : 'failure',
  details: o.ok
    ? { passed: true, ...(o.detail === undefined ? {} : { testDetail: o.detail.slice(0, 300) }) }
    : { passed: false, testReason: o.reason.slice(0, 300) },
});

/**
 * Records that an emergency rotation was asked for, with its reason, before
 * anything else happens: the request is in the audit trail even when the run
 * then waits (a previous version still in its overlap) or fails.
 */
export async function auditEmergency(ctx: Ctx): Promise<void> {
  if (ctx.opts.emergency === undefined) return;
  await audit(ctx, 'emergency', undefined, ctx.now, 'success', undefined, { requested: true });
}

/** Moves the run's clock to now (before each phase). */
export function tick(ctx: Ctx): void {
  ctx.now = ctx.deps.clock.now();
  ctx.rctx = { ...ctx.rctx, now: ctx.now };
}

export function result(
  ctx: Ctx,
  kind: RotationResultKind,
  reason: string,
  extra: Partial<RotationResult> = {},
): RotationResult {
  return {
    secretId: ctx.manifest.id,
    kind,
    reason,
    steps: [...ctx.steps],
    emergency: ctx.emergency,
    ...(ctx.promoted === undefined ? {} : { versionId: ctx.promoted }),
    ...(ctx.retired === undefined ? {} : { retiredVersionId: ctx.retired }),
    ...(ctx.restarts.length === 0 ? {} : { restarts: [...ctx.restarts] }),
    ...extra,
  };
}
