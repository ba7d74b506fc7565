import { expect } from 'vitest';
import { verifyAuditLog } from '@docugen-secrets/audit';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretValue } from '@docugen-secrets/secret-store';
import { builtinRotators, secretRef, type RotateOptions } from '../src/index.js';
import { World } from './harness.js';
import { manifest, randomRotation, signingRotation, iamRotation } from './fixtures.js';
import { parseKey, TwoKeyFake } from './two-key-fake.js';

/**
 * Crash at every step: each scenario runs once cleanly to count its
 * checkpoints N, then N more times with a crash injected at checkpoint k
 * (after a provider call or a store write took effect), followed by a rerun
 * with a fresh machine over the same store, provider and audit log. Every run
 * must converge to the same end state as the clean one.
 */
interface Stage {
  readonly at: string;
  readonly opts?: RotateOptions;
  readonly check: (w: World, s: Ctx) => Promise<void>;
}

interface Ctx {
  readonly m: SecretManifest;
  readonly fake?: TwoKeyFake;
  /** Version ids seen so far, by role. */
  readonly ids: { initial?: string | undefined; rotated?: string | undefined; initialKey?: string };
}

export interface Scenario {
  readonly name: string;
  readonly manifest: SecretManifest;
  readonly twoKey?: { adopt: boolean; failCreatedBetween?: readonly [Date, Date] };
  readonly opts?: RotateOptions;
  readonly stages: readonly Stage[];
}

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-31T00:00:00Z'; // T0 + P30D: due

async function staged(
  w: World,
  m: SecretManifest,
): Promise<{ current?: string; pending?: string; previous?: string; failed: string[]; retired: string[] }> {
  const d = await w.memory.describe(secretRef(m));
  const holder = (s: 'current' | 'pending' | 'previous'): string | undefined =>
    d.versions.find((v) => v.stages.includes(s))?.versionId;
  const out = {
    failed: d.versions.filter((v) => v.failed === true).map((v) => v.versionId),
    retired: d.versions.filter((v) => v.retired === true).map((v) => v.versionId),
  };
  const cur = holder('current');
  const pen = holder('pending');
  const prev = holder('previous');
  return {
    ...out,
    ...(cur ? { current: cur } : {}),
    ...(pen ? { pending: pen } : {}),
    ...(prev ? { previous: prev } : {}),
  };
}

async function currentValue(w: World, m: SecretManifest): Promise<SecretValue> {
  const v = await w.memory.getValue(secretRef(m), 'current');
  if (!v) throw new Error('no current value');
  return v.value;
}

/** The current value passes its rotator's own test (and, for two-key, is the one live new key upstream). */
async function currentWorks(w: World, s: Ctx): Promise<void> {
  const value = await currentValue(w, s.m);
  const rotator = w.rotators[s.m.rotation.kind];
  if (!rotator) throw new Error('no rotator');
  const ctx = { manifest: s.m, now: w.clock.now(), random: w.random, logger: w.logger, emergency: false };
  await expect(rotator.test(ctx, { pending: value })).resolves.toEqual({ ok: true });
  if (s.fake) expect(s.fake.live().map((k) => k.id)).toContain(parseKey(value).keyId);
}

const created: Stage = {
  at: T0,
  check: async (w, s) => {
    const st = await staged(w, s.m);
    expect([st.pending, st.previous]).toEqual([undefined, undefined]);
    expect(st.current).toBeDefined();
    s.ids.initial = st.current;
    await currentWorks(w, s);
    if (s.fake) {
      expect(s.fake.live()).toHaveLength(1);
      s.ids.initialKey = parseKey(await currentValue(w, s.m)).keyId;
    }
  },
};

function rotatedAt(at: string): Stage {
  return {
    at,
    check: async (w, s) => {
      const st = await staged(w, s.m);
      expect(st.pending).toBeUndefined();
      expect(st.previous).toBe(s.ids.initial);
      expect(st.current).not.toBe(s.ids.initial);
      s.ids.rotated = st.current;
      await currentWorks(w, s);
      // Exactly one new credential upstream, the old one still alive during the overlap.
      if (s.fake)
        expect(
          s.fake
            .live()
            .map((k) => k.id)
            .sort(),
        ).toEqual([parseKey(await currentValue(w, s.m)).keyId, s.ids.initialKey].sort());
    },
  };
}

function waitingAt(at: string): Stage {
  return {
    at,
    check: async (w, s) => {
      const st = await staged(w, s.m);
      expect(st.current).toBe(s.ids.initial);
      expect(st.pending).toBeDefined();
    },
  };
}

function notRetiredAt(at: string): Stage {
  return {
    at,
    check: async (w, s) => {
      const st = await staged(w, s.m);
      expect(st.previous).toBe(s.ids.initial);
      if (s.fake) expect(s.fake.live().map((k) => k.id)).toContain(s.ids.initialKey);
    },
  };
}

function retiredAt(at: string): Stage {
  return {
    at,
    check: async (w, s) => {
      const st = await staged(w, s.m);
      expect([st.current, st.pending, st.previous]).toEqual([s.ids.rotated, undefined, undefined]);
      expect(st.retired).toEqual([s.ids.initial]);
      await currentWorks(w, s);
      if (s.fake) {
        expect(s.fake.live()).toHaveLength(1);
        // The old key was revoked only once the overlap was over.
        const old = s.fake.all.find((k) => k.id === s.ids.initialKey);
        expect(old?.deletedAt?.toISOString()).toBe(new Date(at).toISOString());
      }
    },
  };
}

const twoKey = (name: string, adopt: boolean): Scenario => ({
  name,
  manifest: manifest('iam-key', iamRotation({ overlap: 'P1D' })),
  twoKey: { adopt },
  stages: [created, rotatedAt(T1), notRetiredAt('2025-01-31T23:59:59Z'), retiredAt('2025-02-01T00:00:00Z')],
});

const failedAtT1: Stage = {
  at: T1,
  check: async (w, s) => {
    const st = await staged(w, s.m);
    // A failed test leaves current untouched, the pending version marked failed and its new key discarded upstream.
    expect([st.current, st.pending, st.previous]).toEqual([s.ids.initial, undefined, undefined]);
    // One failed version — two when a crash after mark-failed made the rerun discard it and retry at once.
    expect(st.failed.length).toBeGreaterThanOrEqual(1);
    expect(st.failed.length).toBeLessThanOrEqual(2);
    expect(s.fake?.live().map((k) => k.id)).toEqual([s.ids.initialKey]);
    for (const failed of st.failed) {
      for (const a of ['mark-failed', 'discard'])
        expect(
          w.audit.records.some(
            (r) => r.action === `rotation.${a}` && r.versionId === failed && r.outcome === 'success',
          ),
          a,
        ).toBe(true);
    }
  },
};

const emergencyAt = '2025-01-06T00:00:00Z';

export const scenarios: Scenario[] = [
  {
    name: 'two-key, the new key fails its test, the retry an hour later succeeds',
    manifest: manifest('iam-key', iamRotation({ overlap: 'P1D' })),
    twoKey: { adopt: false, failCreatedBetween: [new Date(T1), new Date('2025-01-31T01:00:00Z')] },
    stages: [
      created,
      failedAtT1,
      rotatedAt('2025-01-31T01:00:00Z'),
      notRetiredAt('2025-02-01T00:59:59Z'),
      retiredAt('2025-02-01T01:00:00Z'),
    ],
  },
  {
    name: 'two-key emergency rotation (not due; emergency overlap PT2H, recovered by later runs)',
    manifest: manifest('iam-key', iamRotation({ overlap: 'P1D', emergencyOverlap: 'PT2H' })),
    twoKey: { adopt: false },
    stages: [
      created,
      {
        ...rotatedAt(emergencyAt),
        opts: { emergency: { reason: 'key printed in a CI log' } },
        check: async (w, s) => {
          await rotatedAt(emergencyAt).check(w, s);
          expect(
            w.audit.records.some(
              (r) =>
                r.action === 'rotation.create' &&
                r.details?.['reason'] === 'key printed in a CI log' &&
                r.details['emergency'] === true,
            ),
          ).toBe(true);
        },
      },
      notRetiredAt('2025-01-06T01:59:59Z'),
      retiredAt('2025-01-06T02:00:00Z'),
    ],
  },
  twoKey('two-key, provider adopts by token (Google API keys)', true),
  twoKey('two-key, provider deletes orphans (IAM access keys)', false),
  {
    name: 'alternating random secret',
    manifest: manifest('webhook', randomRotation({ overlap: 'P3D' })),
    stages: [created, rotatedAt(T1), notRetiredAt('2025-02-02T23:59:59Z'), retiredAt('2025-02-03T00:00:00Z')],
  },
  {
    name: 'signing key (publish delay, tokens outlive the overlap)',
    manifest: manifest(
      'signing',
      signingRotation({ publishDelay: 'PT1H', overlap: 'P1D', maxTokenLifetime: 'P7D', verifierCacheTtl: 'PT1H' }),
    ),
    // promoted at T1+1h; signers reload in PT5M; +P7D tokens +PT1H cache → 2025-02-07T02:05:00Z.
    stages: [
      created,
      waitingAt(T1),
      waitingAt('2025-01-31T00:59:59Z'),
      rotatedAt('2025-01-31T01:00:00Z'),
      notRetiredAt('2025-02-07T02:04:59Z'),
      retiredAt('2025-02-07T02:05:00Z'),
    ],
  },
  {
    name: 'signing key emergency (publish delay kept; emergency overlap counted from the promotion)',
    manifest: manifest('signing', signingRotation({ publishDelay: 'PT1H', overlap: 'P1D', emergencyOverlap: 'PT2H' })),
    stages: [
      created,
      {
        ...waitingAt(emergencyAt),
        opts: { emergency: { reason: 'signing key on a lost laptop' } },
        check: async (w, s) => {
          await waitingAt(emergencyAt).check(w, s);
          expect(
            w.audit.records.some(
              (r) => r.action === 'rotation.emergency' && r.details?.['reason'] === 'signing key on a lost laptop',
            ),
          ).toBe(true);
        },
      },
      waitingAt('2025-01-06T00:59:59Z'),
      rotatedAt('2025-01-06T01:00:00Z'),
      notRetiredAt('2025-01-06T02:59:59Z'),
      retiredAt('2025-01-06T03:00:00Z'),
    ],
  },
  {
    name: 'alternating emergency (emergency overlap PT1H)',
    manifest: manifest('webhook', randomRotation({ overlap: 'P3D', emergencyOverlap: 'PT1H' })),
    stages: [
      created,
      { ...rotatedAt(emergencyAt), opts: { emergency: { reason: 'secret in a log' } } },
      notRetiredAt('2025-01-06T00:59:59Z'),
      retiredAt('2025-01-06T01:00:00Z'),
    ],
  },
  {
    name: 'single with a waiver (retired at once)',
    manifest: manifest('db-password', randomRotation({ strategy: 'single', overlap: 'PT0S' })),
    opts: { waivedSingle: new Set(['db-password']) },
    stages: [
      created,
      {
        at: T1,
        check: async (w, s) => {
          const st = await staged(w, s.m);
          expect([st.pending, st.previous]).toEqual([undefined, undefined]);
          expect(st.retired).toEqual([s.ids.initial]);
          s.ids.rotated = st.current;
          await currentWorks(w, s);
        },
      },
    ],
  },
];

export type StoreFactory = ConstructorParameters<typeof World>[3];

function newWorld(sc: Scenario, crashAt?: number, store?: StoreFactory): { w: World; s: Ctx } {
  const w = new World(T0, crashAt, `seed-${sc.name}`, store);
  const fake = sc.twoKey
    ? new TwoKeyFake({
        clock: w.clock,
        random: w.random,
        adopt: sc.twoKey.adopt,
        ...(sc.twoKey.failCreatedBetween ? { failCreatedBetween: sc.twoKey.failCreatedBetween } : {}),
      })
    : undefined;
  w.rotators = { ...builtinRotators(), ...(fake ? { 'aws-iam-access-key': fake.rotator() } : {}) };
  return { w, s: { m: sc.manifest, ...(fake ? { fake } : {}), ids: {} } };
}

export async function play(sc: Scenario, crashAt?: number, store?: StoreFactory): Promise<World> {
  const { w, s } = newWorld(sc, crashAt, store);
  for (const stage of sc.stages) {
    w.at(stage.at);
    await w.rotate(sc.manifest, { ...sc.opts, ...stage.opts });
    await stage.check(w, s);
  }
  return w;
}

/** Audit: chain verifies; every step of the converged rotation has a success event; no value anywhere. */
export async function auditComplete(w: World, sc: Scenario): Promise<void> {
  expect(verifyAuditLog(w.audit.text()).ok).toBe(true);
  const st = await staged(w, sc.manifest);
  const ok = (action: string, versionId?: string): boolean =>
    w.audit.records.some(
      (r) => r.action === action && r.outcome === 'success' && (versionId === undefined || r.versionId === versionId),
    );
  expect(ok('rotation.store-initial')).toBe(true);
  for (const a of ['create', 'store-pending', 'set', 'test', 'finish'])
    expect(ok(`rotation.${a}`, st.current), a).toBe(true);
  for (const old of st.retired)
    for (const a of ['retire-upstream', 'retire-store']) expect(ok(`rotation.${a}`, old), a).toBe(true);
  const ref = secretRef(sc.manifest);
  const values = await Promise.all(
    (await w.memory.listVersions(ref)).map((v) => w.memory.getVersion(ref, v.versionId)),
  );
  const texts = values.flatMap((v) =>
    v.kind === 'string'
      ? [v.value, ...Object.values(tryJson(v.value)).filter((x): x is string => typeof x === 'string' && x.length > 20)]
      : [],
  );
  for (const t of texts) {
    expect(w.audit.text().includes(t)).toBe(false);
    expect(w.logger.text().includes(t)).toBe(false);
  }
}

function tryJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Runs a scenario clean, then once per checkpoint with a crash there; every run must converge. */
export async function crashEverywhere(sc: Scenario, store?: StoreFactory): Promise<number> {
  const clean = await play(sc, undefined, store);
  await auditComplete(clean, sc);
  const n = clean.checkpoints;
  expect(n).toBeGreaterThanOrEqual(sc.manifest.rotation.strategy === 'single' ? 10 : 11);
  for (let k = 1; k <= n; k++) {
    const w = await play(sc, k, store).catch((err: unknown) => {
      throw new Error(`crash at checkpoint ${k}: ${err instanceof Error ? err.message : String(err)}`);
    });
    expect(w.crashes.map((c) => c.at)).toEqual([k]);
    await auditComplete(w, sc);
  }
  return n;
}
