// Client bench, three rows side by side in one run:
// 1. hot `client.get` vs @aws-lambda-powertools/parameters' cached `getSecret`
//    (SecretsProvider.get with its default 5 s maxAge, already cached), both
//    reading the same secret from the local Secrets Manager server (target >= 10x);
// 2. reads blocked by a refresh: a rotation observed through a source with
//    200 ms latency on every call while reads run (target 0 blocked reads:
//    `get` never waits for the network). A read blocked by the refresh would
//    take at least the source's 200 ms; anything shorter is the scheduler
//    (the slowest read is printed too);
// 3. Secrets Manager calls per process per hour at the default interval (PT5M)
//    with no rotation, counted by the server over one simulated hour
//    (target: <= 1 DescribeSecret per secret per interval, 0 GetSecretValue).
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { startSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { ManualTimers } from '@docugen-secrets/test-support';
import { AwsSource, createSecretClient } from '@docugen-secrets/client';
import { median, ratioLine } from '../../../tools/bench-lib.mjs';
import {
  SecretsManagerClient,
  CreateSecretCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
  DescribeSecretCommand,
} from '@aws-sdk/client-secrets-manager';

const REGION = 'eu-west-1';
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const READS = 200_000;
const ROUNDS = 7;

const server = await startSecretsManagerServer({ port: 0, region: REGION });
const sm = new SecretsManagerClient({ region: REGION, endpoint: server.endpoint, credentials });
const names = Array.from({ length: 6 }, (_, i) => `bench/client-${i}`);
for (const n of names)
  await sm.send(new CreateSecretCommand({ Name: n, SecretString: `value-of-${n}-${'x'.repeat(32)}` }));
const secrets = Object.fromEntries(names.map((n) => [n, n]));

// Row 1: hot reads.
const client = createSecretClient({
  source: new AwsSource({ region: REGION, endpoint: server.endpoint, credentials, secrets }),
});
await client.load(names);
const powertools = new SecretsProvider({ clientConfig: { region: REGION, endpoint: server.endpoint, credentials } });
await powertools.get(names[0]);
let sink = 0;
async function timeReads(fn) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < READS; i++) sink += (await fn()).length;
  return Number(process.hrtime.bigint() - t0) / READS;
}
async function timeSync(fn) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < READS; i++) sink += fn().length;
  return Number(process.hrtime.bigint() - t0) / READS;
}
const ours = [];
const theirs = [];
for (let r = 0; r < ROUNDS + 2; r++) {
  globalThis.gc?.();
  const a = await timeSync(() => client.get(names[0]));
  globalThis.gc?.();
  const b = await timeReads(() => powertools.get(names[0]));
  if (r >= 2) {
    ours.push(a);
    theirs.push(b);
  }
}
const getNs = median(ours);
const ptNs = median(theirs);
console.log(
  `hot reads (${READS} per round, ${ROUNDS} rounds, medians): client.get ${getNs.toFixed(0)} ns/read, powertools SecretsProvider.get (cached) ${ptNs.toFixed(0)} ns/read`,
);
ratioLine('client.get-vs-powertools-cached-getSecret (speed-up)', ptNs / getNs, '>=', 10);

// Row 2: reads while a refresh waits 200 ms on every call.
const LATENCY_MS = 200;
server.injectFault({ operation: '*', kind: 'latency', latencyMs: LATENCY_MS });
const target = names[1];
const put = await sm.send(
  new PutSecretValueCommand({
    SecretId: target,
    SecretString: `rotated-${'y'.repeat(32)}`,
    VersionStages: ['AWSPENDING'],
  }),
);
const before = await sm.send(new DescribeSecretCommand({ SecretId: target }));
const oldCurrent = Object.entries(before.VersionIdsToStages ?? {}).find(([, l]) => l.includes('AWSCURRENT'))?.[0];
await sm.send(
  new UpdateSecretVersionStageCommand({
    SecretId: target,
    VersionStage: 'AWSCURRENT',
    MoveToVersionId: put.VersionId,
    RemoveFromVersionId: oldCurrent,
  }),
);
let reads = 0;
let blocked = 0;
let slowestUs = 0;
let done = false;
const refresh = client.refreshNow(target).then((changed) => {
  done = true;
  return changed;
});
const t0 = performance.now();
while (!done) {
  for (let i = 0; i < 1000; i++) {
    const s = performance.now();
    sink += client.get(target).length;
    const us = (performance.now() - s) * 1000;
    reads += 1;
    if (us > slowestUs) slowestUs = us;
    if (us >= LATENCY_MS * 1000) blocked += 1;
  }
  await new Promise((r) => setImmediate(r));
}
const changed = await refresh;
const refreshMs = performance.now() - t0;
server.clearFaults();
console.log(
  `reads during a refresh with 200 ms source latency: ${reads} reads over ${refreshMs.toFixed(0)} ms (refresh changed the value: ${changed}), blocked (>= ${LATENCY_MS} ms) ${blocked}, slowest read ${slowestUs.toFixed(1)} µs`,
);
console.log(
  `RATIO reads-blocked-by-a-refresh-200ms: ${blocked} (target 0) ${blocked === 0 && changed ? 'PASS' : 'FAIL'}`,
);
client.close();

// Row 3: calls per process per hour at the default interval, no rotation.
const timers = new ManualTimers();
const hourly = createSecretClient({
  source: new AwsSource({ region: REGION, endpoint: server.endpoint, credentials, secrets }),
  clock: timers,
  timers,
});
await hourly.load(names);
const c0 = server.requestCounts();
await timers.advance(3_600_000);
const c1 = server.requestCounts();
hourly.close();
const describes = (c1.DescribeSecret ?? 0) - (c0.DescribeSecret ?? 0);
const fetches = (c1.GetSecretValue ?? 0) - (c0.GetSecretValue ?? 0);
const intervals = 3_600_000 / 300_000;
const perSecretInterval = describes / names.length / intervals;
console.log(
  `one simulated hour, ${names.length} secrets, default interval PT5M (jitter 0.1), no rotation: ${describes} DescribeSecret (${(describes / names.length).toFixed(1)} per secret), ${fetches} GetSecretValue`,
);
ratioLine('describe-calls-per-secret-per-interval', perSecretInterval, '<=', 1);
console.log(`RATIO value-fetches-per-hour-without-rotation: ${fetches} (target 0) ${fetches === 0 ? 'PASS' : 'FAIL'}`);

sm.destroy();
await server.close();
if (sink < 0) console.log(sink);
