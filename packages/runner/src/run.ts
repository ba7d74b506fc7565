import { keyedFingerprint } from '@docugen-secrets/core';
import type { AuditSink } from '@docugen-secrets/audit';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type * as RotationModule from '@docugen-secrets/rotation';
import type { PlanEntry, RotationResult, StoreResolver } from '@docugen-secrets/rotation';
import { AuditedStore, type SecretStore } from '@docugen-secrets/secret-store';
import { commitMessage, pullRequestBody } from './commit-message.js';
import type { RunConfig } from './config.js';
import type { ChangedSecret, PublishOutcome, RunBackends, RunPorts, RunRestarts, ValueObserver } from './ports.js';
import type { RunReport } from './report.js';
import { RevealingStore, revealingRotators, type WriteHook } from './reveal.js';
import { describeAll } from './describe.js';

const NO_OBSERVER: ValueObserver = { reveal: () => undefined };

/** Decorates each store once: audited (every call on the trail), revealing (values masked before use). */
function decorated(base: StoreResolver, wrap: (s: SecretStore) => SecretStore): StoreResolver {
  const cache = new Map<SecretStore, SecretStore>();
  return (ref) => {
    const store = base(ref);
    if (!store) return undefined;
    const done = cache.get(store) ?? wrap(store);
    cache.set(store, done);
    return done;
  };
}

type Rotation = typeof RotationModule;

/** The named secrets, else those the plan says need work; then only this job's shard. */
function selected(
  config: RunConfig,
  manifests: readonly SecretManifest[],
  before: readonly PlanEntry[],
  rotation: Rotation,
): SecretManifest[] {
  const named = new Set(config.secrets ?? []);
  const due = new Set(before.filter(rotation.needsWork).map((e) => e.secretId));
  const chosen = manifests.filter((m) => (named.size > 0 ? named.has(m.id) : due.has(m.id)));
  if (!config.shard) return chosen;
  const { index, count } = config.shard;
  const mine = new Set(
    rotation
      .groupedShardMatrix(chosen, count)
      .include.find((s) => s.shard === index)
      ?.secrets.split(',') ?? [],
  );
  return chosen.filter((m) => mine.has(m.id));
}

interface Rotated {
  readonly results: RotationResult[];
  readonly fingerprints: Map<string, string>;
  readonly notes: readonly string[];
  readonly audit: AuditSink;
}

/** Opens the reload hooks only when a rotated secret has a consumer to restart (and never for a dry run). */
async function openRestarts(
  config: RunConfig,
  ports: RunPorts,
  manifests: readonly SecretManifest[],
  rotation: Rotation,
): Promise<RunRestarts | undefined> {
  if (config.dryRun === true || !ports.openRestarts) return undefined;
  if (!manifests.some((m) => rotation.restartTargets(m).length > 0)) return undefined;
  return ports.openRestarts(manifests);
}

async function rotateAll(
  config: RunConfig,
  ports: RunPorts,
  backends: RunBackends,
  manifests: readonly SecretManifest[],
): Promise<Rotated> {
  const rotation = await import('@docugen-secrets/rotation');
  const audit = await ports.audit.open();
  const observer = ports.values ?? NO_OBSERVER;
  const fingerprints = new Map<string, string>();
  const key = config.fingerprintKey;
  const onWrite: WriteHook | undefined =
    key === undefined
      ? undefined
      : (ref, versionId, value) => fingerprints.set(`${ref.id}\u0000${versionId}`, keyedFingerprint(key, value.value));
  const store = decorated(
    backends.store,
    (s) =>
      new RevealingStore(
        new AuditedStore(s, { sink: audit, actor: ports.actor, clock: ports.clock }),
        observer,
        onWrite,
      ),
  );
  const deps = {
    store,
    rotators: revealingRotators(backends.rotators, observer),
    audit,
    actor: ports.actor,
    clock: ports.clock,
    random: ports.random,
    logger: ports.logger,
    ...(ports.checkpoint ? { checkpoint: ports.checkpoint } : {}),
  };
  const restarts = await openRestarts(config, ports, manifests, rotation);
  const options = {
    concurrency: config.concurrency ?? 4,
    dryRun: config.dryRun === true,
    ...(config.waivedSingle ? { waivedSingle: config.waivedSingle } : {}),
    ...(config.emergency ? { emergency: config.emergency } : {}),
  };
  try {
    const results = await rotation.rotateMany({ ...deps, ...(restarts ? { restarts } : {}) }, manifests, options);
    return { results, fingerprints, notes: restarts?.notes ?? [], audit };
  } finally {
    await restarts?.close();
  }
}

/** The SOPS files this run changed, value-free. */
export function changedSops(
  manifests: readonly SecretManifest[],
  results: readonly RotationResult[],
  fingerprints: ReadonlyMap<string, string> = new Map(),
): ChangedSecret[] {
  const byId = new Map(manifests.map((m) => [m.id, m]));
  return results.flatMap((r): ChangedSecret[] => {
    const backend = byId.get(r.secretId)?.backend;
    if (
      backend?.kind !== 'sops' ||
      r.kind === 'not-due' ||
      r.kind === 'dry-run' ||
      r.kind === 'skipped' ||
      r.kind === 'blocked'
    )
      return [];
    const kind = r.kind === 'created' || r.kind === 'rotated' || r.kind === 'retired' ? r.kind : 'progress';
    const fingerprint = r.versionId === undefined ? undefined : fingerprints.get(`${r.secretId}\u0000${r.versionId}`);
    return [
      {
        secretId: r.secretId,
        path: backend.path,
        kind,
        ...(r.versionId ? { versionId: r.versionId } : {}),
        ...(r.retiredVersionId ? { retiredVersionId: r.retiredVersionId } : {}),
        ...(fingerprint ? { fingerprint } : {}),
      },
    ];
  });
}

/** A secret whose file changed upstream keeps its rotation out of this run: reported as an error, resumed next run. */
function withConflicts(results: readonly RotationResult[], published: PublishOutcome | undefined): RotationResult[] {
  const conflicts = new Set(published && published.kind !== 'nothing' ? published.conflicts : []);
  return results.map((r) =>
    conflicts.has(r.secretId)
      ? {
          ...r,
          kind: 'error',
          errorCode: 'RUNNER_COMMIT_CONFLICT',
          reason:
            'its SOPS file changed upstream during this run; the change was not committed and the next run rotates it again',
        }
      : r,
  );
}

async function publish(
  config: RunConfig,
  ports: RunPorts,
  manifests: readonly SecretManifest[],
  rotated: Rotated,
): Promise<PublishOutcome | undefined> {
  if (!ports.publisher || config.dryRun === true) return undefined;
  const changes = changedSops(manifests, rotated.results, rotated.fingerprints);
  // Called even with no change: commits an interrupted run left unpushed are the publisher's to push.
  return ports.publisher.publish({
    changes,
    message: (c) => commitMessage(c, config),
    body: (c) => pullRequestBody(c, config),
  });
}

/**
 * Puts the publish commit on each committed secret's audit trail: drift
 * (DRIFT003) trusts the last commit of a SOPS file only when the trail
 * names it, and the store's own commits are recorded the same way.
 */
async function recordPublished(
  ports: RunPorts,
  audit: AuditSink,
  published: PublishOutcome | undefined,
): Promise<void> {
  if (!published || (published.kind !== 'pushed' && published.kind !== 'pull-request')) return;
  const at = ports.clock.now().toISOString();
  for (const secretId of published.committed ?? [])
    await audit.append({
      at,
      actor: ports.actor,
      action: 'sops.publish',
      secretId,
      outcome: 'success',
      correlation: { commit: published.commit, branch: published.branch },
      details: { kind: published.kind, attempts: published.attempts },
    });
}

/**
 * The daily job as one orchestration over injected ports:
 * check → plan → rotate → commit SOPS updates → alerts → verify the audit
 * trail (`rotate`); check → plan (+ shard matrix) (`plan`); plan → alerts
 * (`alerts`). Returns a value-free report; never prints, never reads the
 * environment. A failed check stops the job before any store is opened.
 */
export async function run(config: RunConfig, ports: RunPorts): Promise<RunReport> {
  const rotation = await import('@docugen-secrets/rotation');
  const { plan } = rotation;
  const now = ports.clock.now();
  const base = { command: config.command, trigger: config.trigger, now, before: [], after: [], results: [], notes: [] };
  const check = config.command === 'alerts' || !ports.check ? 'skipped' : await ports.check();
  if (check === 'findings' || check === 'usage') return { ...base, check };
  const manifests = await ports.loadManifests();
  if (config.command === 'rotate' && config.dryRun !== true) await ports.publisher?.prepare?.();
  const rotating = config.command === 'rotate';
  const backends = await ports.openBackends(manifests, { rotators: rotating });
  try {
    const before = plan(manifests, await describeAll(backends.store, manifests), now);
    if (!rotating) {
      const matrix =
        config.shards === undefined
          ? undefined
          : rotation.groupedShardMatrix(selected(config, manifests, before, rotation), config.shards);
      const alerts =
        config.command === 'alerts' && ports.alerts
          ? await ports.alerts.sync({ now, manifests, plan: before, results: [] })
          : undefined;
      return {
        ...base,
        check,
        before,
        after: before,
        notes: backends.notes,
        ...(matrix ? { matrix } : {}),
        ...(alerts ? { alerts } : {}),
      };
    }
    const rotated = await rotateAll(config, ports, backends, selected(config, manifests, before, rotation));
    const published = await publish(config, ports, manifests, rotated);
    await recordPublished(ports, rotated.audit, published);
    const results = withConflicts(rotated.results, published);
    const after = plan(manifests, await describeAll(backends.store, manifests), ports.clock.now());
    const alerts = ports.alerts
      ? await ports.alerts.sync({ now: ports.clock.now(), manifests, plan: after, results })
      : undefined;
    const audit = await ports.audit.verify();
    return {
      ...base,
      check,
      before,
      after,
      results,
      notes: [...backends.notes, ...rotated.notes],
      audit,
      ...(published ? { published } : {}),
      ...(alerts ? { alerts } : {}),
    };
  } finally {
    await backends.close();
  }
}
