import { durationMs, isDocugenError, MS, parseDuration } from '@docugen-secrets/core';
import { createSecretClient, type DurationInput, type SecretClient, type SecretSource } from '@docugen-secrets/client';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { evaluate, rotateSecret, secretRef, type RotationDeps, type RotationResult } from '@docugen-secrets/rotation';
import type { SecretStore } from '@docugen-secrets/secret-store';
import { smokeError } from './errors.js';
import type { SmokeCheck, SmokeCheckName, SmokeReport } from './report.js';
import type { SimulatedTime } from './time.js';

/** The consumer's jitter: a new version is due to be seen within interval × (1 + JITTER). */
const JITTER = 0.1;
/** Runs of the rotation engine allowed to get past gates left by an earlier, interrupted smoke test. */
const MAX_RUNS = 4;

export interface SmokePorts {
  /** The real rotation engine's dependencies; their clock must be `time`. */
  readonly rotation: Omit<RotationDeps, 'store'>;
  /** The store holding the canary (audited, like every rotation's). */
  readonly store: SecretStore;
  /** The consumer's source: the same store, read as a service reads it. */
  readonly source: SecretSource;
  readonly time: SimulatedTime;
  /** Overrides of the consumer (tests break it on purpose to prove the smoke test fails). */
  readonly consumer?: { readonly refreshInterval?: DurationInput };
}

interface Run {
  readonly manifest: SecretManifest;
  readonly ports: SmokePorts;
  readonly deps: RotationDeps;
  readonly checks: SmokeCheck[];
  readonly intervalMs: number;
  readonly boundMs: number;
}

/** Only a canary may be smoke-rotated: a manifest marked `smoke: true`. */
export function assertCanary(manifest: SecretManifest): void {
  if (manifest.smoke !== true)
    throw smokeError(
      'SMOKE_NOT_CANARY',
      `secret "${manifest.id}" is not marked smoke: true; the smoke test rotates only canary secrets`,
      manifest.id,
    );
}

/** The refresh interval of the canary's live-client consumer (the slowest, when there are several). */
export function consumerInterval(manifest: SecretManifest): string {
  const intervals = manifest.consumers.flatMap((c) =>
    c.reload.kind === 'live-client' ? [c.reload.refreshInterval] : [],
  );
  const slowest = intervals.sort((a, b) => ms(b) - ms(a))[0];
  if (slowest === undefined)
    throw smokeError(
      'SMOKE_NO_LIVE_CONSUMER',
      `secret "${manifest.id}" has no live-client consumer: give the canary one (reload.kind: live-client)`,
      manifest.id,
    );
  return slowest;
}

function ms(iso: string): number {
  return durationMs(parseDuration(iso));
}

function check(run: Run, name: SmokeCheckName, ok: boolean, detail: string): boolean {
  run.checks.push({ name, ok, detail });
  return ok;
}

function codeOf(err: unknown): string {
  if (isDocugenError(err)) return err.code;
  return err instanceof Error ? err.name : 'unknown error';
}

function at(run: Run): string {
  return run.ports.time.now().toISOString();
}

/** Runs the rotation engine, moving simulated time past any gate it reports (an earlier run's overlap). */
async function rotateUntil(run: Run, wanted: RotationResult['kind']): Promise<RotationResult> {
  let result = await rotateSecret(run.deps, run.manifest);
  for (let i = 1; i < MAX_RUNS && result.kind === 'waiting' && result.waitUntil; i++) {
    await run.ports.time.advanceTo(new Date(result.waitUntil.getTime() + MS.SECOND));
    result = await rotateSecret(run.deps, run.manifest);
    if (result.kind === wanted) break;
  }
  return result;
}

function described(r: RotationResult): string {
  return `${r.kind} (${r.steps.join(' → ') || 'no steps'})${r.errorCode ? `, ${r.errorCode}` : ''}`;
}

async function ensureCanary(run: Run): Promise<boolean> {
  const desc = await run.ports.store.describe(secretRef(run.manifest));
  if (desc.exists && desc.versions.some((v) => v.stages.includes('current')))
    return check(run, 'canary-ready', true, 'the canary already has a current version');
  const r = await rotateSecret(run.deps, run.manifest);
  return check(run, 'canary-ready', r.kind === 'created', `first value: ${described(r)}`);
}

async function loadConsumer(run: Run, client: SecretClient): Promise<string | undefined> {
  try {
    await client.load([{ id: run.manifest.id, refreshInterval: run.intervalMs }]);
    const current = client.versions(run.manifest.id).current.versionId;
    check(run, 'consumer-loads', true, `holds version ${current}`);
    return current;
  } catch (err) {
    check(run, 'consumer-loads', false, `load failed: ${codeOf(err)}`);
    return undefined;
  }
}

/**
 * Moves simulated time on to when the canary is due (and an earlier run's
 * overlap is over), before the consumer starts: nothing but the rotation
 * under test happens while it watches.
 */
async function moveToDue(run: Run): Promise<void> {
  const desc = await run.ports.store.describe(secretRef(run.manifest));
  const entry = evaluate(run.manifest, desc, run.ports.time.now());
  const gates = [entry.dueAt, entry.retireAt].filter((d): d is Date => d !== undefined);
  for (const gate of gates) await run.ports.time.advanceTo(gate);
}

/** Rotates the canary through the real engine: a new version must become current. */
async function rotateCanary(run: Run, oldVersion: string): Promise<RotationResult | undefined> {
  const r = await rotateUntil(run, 'rotated');
  const ok = r.kind === 'rotated' && r.versionId !== undefined && r.versionId !== oldVersion;
  const steps = ['create', 'set', 'test', 'finish'].every((s) => r.steps.includes(s as never));
  check(run, 'rotated', ok && steps, `${described(r)} at ${at(run)}; new version ${r.versionId ?? 'none'}`);
  return ok && steps ? r : undefined;
}

/** Waits (simulated) up to the bound for the consumer to switch to `version`; when it did, ms after `since`. */
async function observe(run: Run, client: SecretClient, version: string, since: number): Promise<number | undefined> {
  let seenAt: number | undefined;
  const off = client.onChange(run.manifest.id, (e) => {
    if (e.current === version && seenAt === undefined) seenAt = run.ports.time.now().getTime();
  });
  await run.ports.time.advanceTo(new Date(since + run.boundMs));
  off();
  return seenAt === undefined ? undefined : seenAt - since;
}

async function checkObserved(run: Run, client: SecretClient, newVersion: string): Promise<boolean> {
  const since = run.ports.time.now().getTime();
  const after = await observe(run, client, newVersion, since);
  const detail =
    after === undefined
      ? `still on ${client.versions(run.manifest.id).current.versionId} ${run.boundMs / 1000}s after the rotation`
      : `switched to ${newVersion} ${Math.round(after / 1000)}s after the rotation (bound ${run.boundMs / 1000}s)`;
  return check(run, 'new-version-observed', after !== undefined, detail);
}

function checkOverlap(run: Run, client: SecretClient, oldValue: string): void {
  const id = run.manifest.id;
  const previous = client.versions(id).previous?.versionId;
  const old = client.matches(id, oldValue);
  const current = client.matches(id, client.get(id));
  const detail = `at ${at(run)}: old value ${old ? 'accepted' : 'refused'} (previous ${previous ?? 'none'}), current ${current ? 'accepted' : 'refused'}`;
  check(run, 'old-value-accepted-in-overlap', old && current, detail);
}

async function retirePrevious(run: Run, oldVersion: string): Promise<void> {
  const desc = await run.ports.store.describe(secretRef(run.manifest));
  const entry = evaluate(run.manifest, desc, run.ports.time.now());
  if (entry.retireAt) await run.ports.time.advanceTo(entry.retireAt);
  const r = await rotateUntil(run, 'retired');
  const ok = r.retiredVersionId === oldVersion;
  check(run, 'previous-retired', ok, `${described(r)} at ${at(run)}; retired ${r.retiredVersionId ?? 'nothing'}`);
}

async function checkAfterRetire(run: Run, client: SecretClient, oldValue: string, newVersion: string): Promise<void> {
  await run.ports.time.advance(run.boundMs);
  const id = run.manifest.id;
  const health = client.health();
  let current = 'unreadable';
  try {
    if (client.matches(id, client.get(id))) current = client.versions(id).current.versionId;
  } catch (err) {
    current = `unreadable (${codeOf(err)})`;
  }
  const works = current === newVersion && health.ok;
  check(run, 'consumer-works-after-retire', works, `at ${at(run)}: serves ${current}, healthy ${String(health.ok)}`);
  const refused = !client.matches(id, oldValue);
  check(run, 'old-value-refused-after-retire', refused, `old value ${refused ? 'refused' : 'still accepted'}`);
}

async function scenario(run: Run, client: SecretClient): Promise<void> {
  if (!(await ensureCanary(run))) return;
  await moveToDue(run);
  const oldVersion = await loadConsumer(run, client);
  if (oldVersion === undefined) return;
  const oldValue = client.get(run.manifest.id);
  const rotated = await rotateCanary(run, oldVersion);
  if (rotated?.versionId === undefined) return;
  await checkObserved(run, client, rotated.versionId);
  checkOverlap(run, client, oldValue);
  await retirePrevious(run, oldVersion);
  await checkAfterRetire(run, client, oldValue, rotated.versionId);
}

/**
 * Rotates a canary end to end through the real rotation engine and store
 * while a secret client watches it: the client must observe the new version
 * within its refresh interval (plus jitter), still accept the old value
 * during the overlap, and keep working once the previous version is retired.
 * Time is simulated (`ports.time`), store and client calls are real. A step
 * that throws fails its check and ends the run; the report holds no value.
 */
export async function runSmoke(manifest: SecretManifest, ports: SmokePorts): Promise<SmokeReport> {
  assertCanary(manifest);
  const interval = ports.consumer?.refreshInterval ?? consumerInterval(manifest);
  const intervalMs = typeof interval === 'number' ? interval : ms(interval);
  const run: Run = {
    manifest,
    ports,
    deps: { ...ports.rotation, store: ports.store, clock: ports.time },
    checks: [],
    intervalMs,
    boundMs: Math.ceil(ms(consumerInterval(manifest)) * (1 + JITTER)),
  };
  const startedAt = ports.time.now().toISOString();
  const client = createSecretClient({
    source: ports.source,
    clock: ports.time,
    timers: ports.time,
    random: ports.rotation.random,
    logger: ports.rotation.logger,
    refreshInterval: intervalMs,
    jitter: JITTER,
  });
  try {
    await scenario(run, client);
  } catch (err) {
    run.checks.push({ name: 'rotated', ok: false, detail: `stopped: ${codeOf(err)} at ${at(run)}` });
  } finally {
    client.close();
  }
  const ok = run.checks.length === 8 && run.checks.every((c) => c.ok);
  return {
    secretId: manifest.id,
    startedAt,
    endedAt: ports.time.now().toISOString(),
    refreshIntervalMs: ms(consumerInterval(manifest)),
    observeBoundMs: run.boundMs,
    checks: run.checks,
    ok,
  };
}
