// Rotation bench: N due random secrets rotated against the local Secrets
// Manager server (20 ms latency on every request, 50 TPS per write quota
// group) through the AWS adapter, with store-aws's RateLimiter at 50 TPS
// client-side and 32 secrets in flight. Baselines, both from the server's
// request counts:
// - the quota-bound minimum: the writes in the busiest quota group the server
//   enforces (operations.ts: PutSecretValue and UpdateSecretVersionStage share
//   one 50/s group; TagResource, CreateSecret, ... have their own) / 50 per s;
// - the floor of a rotation: 2 writes per secret in that group (put the
//   pending version + move AWSCURRENT), which AWS's rotation flow cannot go under.
// A measured floor is printed too: bare put + promote per secret through the
// same limiter. Linearity: marginal seconds per secret from 100 to 200 vs from
// 50 to 100.
import { median, ratioLine } from '../../../tools/bench-lib.mjs';
import { cryptoRandom, systemClock } from '@docugen-secrets/core';
import { MemoryLogger } from '@docugen-secrets/test-support';
import { MemoryAuditLog } from '@docugen-secrets/audit';
import { AuditedStore, rotationToken } from '@docugen-secrets/secret-store';
import { AwsSecretsManagerStore, RateLimiter } from '@docugen-secrets/store-aws';
import { startSecretsManagerServer, isWriteOperation, quotaGroupOf } from '@docugen-secrets/secrets-manager-server';
import { builtinRotators, rotateMany, secretRef } from '@docugen-secrets/rotation';

const QUOTA = 50;
const LATENCY_MS = 20;
const CONCURRENCY = 32;
const ROUNDS = 3;
const SIZES = [50, 100, 200];
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const DAY = 86_400_000;
/** Writes per rotated secret that AWS's rotation flow needs at least: PutSecretValue + one UpdateSecretVersionStage. */
const FLOOR_WRITES_PER_SECRET = 2;
const actor = { kind: 'local', user: 'bench' };

function manifest(round, i) {
  const id = `bench-r${round}-s${i}`;
  return {
    apiVersion: 'docugen.io/secrets/v1',
    id,
    description: 'bench secret',
    environment: 'development',
    owner: { team: 'bench', handles: ['@bench'] },
    oncall: {},
    classification: 'internal',
    consumers: [{ service: 'bench', reload: { kind: 'live-client', refreshInterval: 'PT1M' } }],
    backend: { kind: 'aws-secrets-manager', name: `bench/${id}`, region: 'us-east-1' },
    rotation: {
      kind: 'random-secret',
      strategy: 'alternating',
      length: 48,
      charset: 'base64url',
      cadence: 'P30D',
      overlap: 'P1D',
    },
    expiry: { maxAge: 'P45D', warnBefore: ['P7D'] },
    runbook: 'docs/runbooks/bench.md',
  };
}

function storeFor(server) {
  const limiter = new RateLimiter({ ratePerSecond: QUOTA, burst: 1 });
  return new AwsSecretsManagerStore({
    region: server.region,
    endpoint: server.endpoint,
    credentials: CREDENTIALS,
    writeRateLimiter: () => limiter,
  });
}

function writes(counts) {
  return Object.entries(counts)
    .filter(([op]) => isWriteOperation(op))
    .reduce((n, [, c]) => n + c, 0);
}

/** Calls per operation (reads too) made between two request-count snapshots. */
function callsByOp(before, after) {
  return Object.fromEntries(
    Object.entries(after)
      .map(([op, c]) => [op, c - (before[op] ?? 0)])
      .filter(([, c]) => c > 0),
  );
}

/** Write calls per quota group the server enforces (each group is its own 50/s bucket). */
function writesByGroup(byOp) {
  const groups = {};
  for (const [op, c] of Object.entries(byOp)) {
    if (!isWriteOperation(op)) continue;
    const { group } = quotaGroupOf(op);
    groups[group] = (groups[group] ?? 0) + c;
  }
  return groups;
}

/** The busiest write group and its count. */
function busiest(groups) {
  return Object.entries(groups).reduce((a, [group, c]) => (c > a.count ? { group, count: c } : a), {
    group: '(none)',
    count: 0,
  });
}

async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/**
 * A fresh server holding n secrets created 100 days ago, all due: the server's
 * clock runs 100 days behind during setup, then catches up, so the rotation
 * itself sees one consistent clock (and no overlap has run out).
 */
async function setup(n, round) {
  const skew = { ms: -100 * DAY };
  const server = await startSecretsManagerServer({
    port: 0,
    writeQuotaTps: QUOTA,
    clock: { now: () => new Date(Date.now() + skew.ms) },
  });
  const store = storeFor(server);
  const manifests = Array.from({ length: n }, (_, i) => manifest(round, i));
  await pool(manifests, CONCURRENCY, (m) =>
    store.create(secretRef(m), {
      initialValue: { kind: 'string', value: `initial-${m.id}-${'x'.repeat(24)}` },
      token: rotationToken(m.id, 'initial'),
    }),
  );
  store.close();
  skew.ms = 0;
  server.injectFault({ operation: '*', kind: 'latency', latencyMs: LATENCY_MS });
  return { server, manifests };
}

async function rotateRun(n, round) {
  const { server, manifests } = await setup(n, round);
  const store = storeFor(server);
  const audit = new MemoryAuditLog();
  const deps = {
    store: new AuditedStore(store, { sink: audit, actor, clock: systemClock }),
    rotators: builtinRotators(),
    audit,
    actor,
    clock: systemClock,
    random: cryptoRandom,
    logger: new MemoryLogger(),
  };
  const snapshot = { ...server.requestCounts() };
  const t0 = performance.now();
  const results = await rotateMany(deps, manifests, { concurrency: CONCURRENCY });
  const ms = performance.now() - t0;
  const byOp = callsByOp(snapshot, server.requestCounts());
  const bad = results.filter((r) => r.kind !== 'rotated');
  store.close();
  await server.close();
  if (bad.length > 0)
    throw new Error(`${bad.length} secrets not rotated, e.g. ${bad[0].secretId}: ${bad[0].kind} ${bad[0].reason}`);
  const top = busiest(writesByGroup(byOp));
  return { ms, writeCalls: writes(byOp), busiestGroup: top.group, busiestWrites: top.count, byOp };
}

/** The same number of bare writes (PutSecretValue, one per secret) through the same limiter and concurrency. */
async function rawWrites(count, round) {
  const { server, manifests } = await setup(count, round);
  const store = storeFor(server);
  const t0 = performance.now();
  await pool(manifests, CONCURRENCY, (m) =>
    store
      .putPending(secretRef(m), { kind: 'string', value: `raw-${m.id}` }, rotationToken(m.id, 'raw'))
      .then((r) => store.promote(secretRef(m), r.versionId)),
  );
  const ms = performance.now() - t0;
  const writeCalls = writes(server.requestCounts()) - count;
  store.close();
  await server.close();
  return { ms, writeCalls };
}

const runs = Object.fromEntries(SIZES.map((n) => [n, []]));
await rotateRun(20, 'warm');
for (let round = 0; round < ROUNDS; round++) {
  for (const n of round % 2 ? [...SIZES].reverse() : SIZES) runs[n].push(await rotateRun(n, `${round}-${n}`));
}
const raw = [await rawWrites(200, 'raw')];

console.log(
  `rotation of N due random secrets: ${LATENCY_MS} ms latency per request, ${QUOTA} TPS per write quota group, concurrency ${CONCURRENCY}, ${ROUNDS} rounds (medians)`,
);
console.log('  bound = writes in the busiest quota group / 50 TPS; floor = 2 writes per secret / 50 TPS');
console.log('  N     run s   writes   busiest group (writes)   bound s   floor s   run/bound   run/floor   ms/secret');
const med = {};
const bounds = {};
for (const n of SIZES) {
  const ms = median(runs[n].map((r) => r.ms));
  const w = median(runs[n].map((r) => r.writeCalls));
  const top = median(runs[n].map((r) => r.busiestWrites));
  const group = runs[n][0].busiestGroup;
  const bound = (top / QUOTA) * 1000;
  const floor = ((n * FLOOR_WRITES_PER_SECRET) / QUOTA) * 1000;
  med[n] = ms;
  bounds[n] = { bound, floor };
  console.log(
    `  ${String(n).padEnd(4)} ${(ms / 1000).toFixed(2).padStart(7)} ${String(w).padStart(8)}   ${`${group} (${top})`.padEnd(22)} ${(bound / 1000).toFixed(2).padStart(9)} ${(floor / 1000).toFixed(2).padStart(9)} ${(ms / bound).toFixed(2).padStart(10)}x ${(ms / floor).toFixed(2).padStart(10)}x ${(ms / n).toFixed(1).padStart(10)}`,
  );
}
const rawMs = median(raw.map((r) => r.ms));
const rawWritesCount = median(raw.map((r) => r.writeCalls));
console.log(
  `  measured floor: ${rawWritesCount} bare writes (put + promote) in ${(rawMs / 1000).toFixed(2)} s (bound ${(rawWritesCount / QUOTA).toFixed(2)} s)`,
);
const lastByOp = runs[200].at(-1).byOp;
const perSecret = Object.fromEntries(Object.entries(lastByOp).map(([op, c]) => [op, +(c / 200).toFixed(2)]));
console.log(`  calls per secret by operation (last 200-secret run): ${JSON.stringify(perSecret)}`);
console.log(`  write calls per quota group (last 200-secret run): ${JSON.stringify(writesByGroup(lastByOp))}`);
ratioLine('rotate-200-vs-quota-bound', med[200] / bounds[200].bound, '<=', 1.25);
ratioLine('rotate-200-vs-2-writes-per-secret-floor', med[200] / bounds[200].floor, '<=', 1.25);
const marginalLow = (med[100] - med[50]) / 50;
const marginalHigh = (med[200] - med[100]) / 100;
console.log(`  marginal ms/secret: 50→100 ${marginalLow.toFixed(1)}, 100→200 ${marginalHigh.toFixed(1)}`);
ratioLine('rotate-linearity (marginal s/secret 100→200 vs 50→100)', marginalHigh / marginalLow, '<=', 1.25);
