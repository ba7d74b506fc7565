import { setTimeout as sleep } from 'node:timers/promises';
import { AwsSource, createSecretClient, RoutedSource, SopsSource, type SecretClient } from '@docugen-secrets/client';
import { rotateMany, rotateSecret, type RotationResult } from '@docugen-secrets/rotation';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { startDocumentService, webhookSignature, SIGNATURE_HEADER, type RunningDocumentService } from '../src/index.js';
import { oldCredentialProbes, RecordingSource } from './probes.js';
import { runLoad, send, Tally } from './load.js';
import { IDS, manifests, WITH_OVERLAP, WITHOUT_OVERLAP } from './manifests.js';
import { startWorld, type World } from './world.js';

/** The service's client: every 2 s with 10 % jitter; the bound a pickup is held to adds measurement slack. */
export const SERVICE_REFRESH_MS = 2000;
export const JITTER = 0.1;
/**
 * Wall-clock slack on top of interval + jitter: the check's own request and
 * timers firing late on a loaded machine. The load-independent claim is
 * checked separately: every version is seen by the first check after its promotion.
 */
export const PICKUP_SLACK_MS = 2000;

export interface ScenarioReport {
  readonly requests: number;
  readonly failed: number;
  readonly failedByRoute: Record<string, number>;
  readonly samples: readonly string[];
  readonly rotations: Record<string, number>;
  /** Rotation results that were not rotated/waiting/not-due/retired (must be none). */
  readonly rotationProblems: readonly string[];
  readonly pickupsMs: readonly number[];
  /** Promotions the service never observed as current. */
  readonly missedPickups: number;
  /** Promotions the first version check after them did not see (the client missed a change it was shown). */
  readonly lateChecks: readonly string[];
  readonly instanceIds: readonly string[];
  readonly wallMs: number;
}

interface Run {
  readonly world: World;
  readonly manifests: SecretManifest[];
  readonly client: SecretClient;
  readonly sender: SecretClient;
  readonly service: RunningDocumentService;
  readonly tally: Tally;
  readonly pickups: Map<string, number>;
  readonly recording: RecordingSource;
}

const AWS_CREDENTIALS = { accessKeyId: 't', secretAccessKey: 't' };

function sources(world: World, ms: readonly SecretManifest[], ids: readonly string[]): RoutedSource {
  const names = Object.fromEntries(
    ms.flatMap((m) => (m.backend.kind === 'aws-secrets-manager' && ids.includes(m.id) ? [[m.id, m.backend.name]] : [])),
  );
  const files = Object.fromEntries(
    ms.flatMap((m) => (m.backend.kind === 'sops' && ids.includes(m.id) ? [[m.id, m.backend.path]] : [])),
  );
  const aws = new AwsSource({
    region: 'eu-west-1',
    endpoint: world.sm.endpoint,
    credentials: AWS_CREDENTIALS,
    secrets: names,
  });
  const sops = new SopsSource({ root: world.checkout, files, identities: world.identities });
  return new RoutedSource(Object.fromEntries(ids.map((id) => [id, id in files ? sops : aws])));
}

async function start(variant: 'with-overlap' | 'without-overlap'): Promise<Run> {
  const world = await startWorld();
  const ms = manifests(variant === 'with-overlap' ? WITH_OVERLAP : WITHOUT_OVERLAP, variant);
  const created = await rotateMany(world.deps, ms, { waivedSingle: new Set([IDS.webhookSecret]) });
  const notCreated = created.filter((r) => r.kind !== 'created');
  if (notCreated.length > 0)
    throw new Error(
      `first values not created: ${notCreated.map((r) => `${r.secretId} ${r.kind} ${r.reason}`).join('; ')}`,
    );
  const all = Object.values(IDS);
  const recording = new RecordingSource(sources(world, ms, all));
  const client = createSecretClient({
    source: recording,
    refreshInterval: SERVICE_REFRESH_MS,
    jitter: JITTER,
    refreshNowMinInterval: 'PT0.5S',
  });
  await client.load([{ id: IDS.signingKey, acceptPending: true }, IDS.placesKey, IDS.storageKey, IDS.webhookSecret]);
  const pickups = new Map<string, number>();
  for (const id of all)
    client.onChange(
      id,
      (e) => e.changed.includes('current') && !pickups.has(e.current) && pickups.set(e.current, Date.now()),
    );
  const sender = createSecretClient({
    source: sources(world, ms, [IDS.webhookSecret]),
    refreshInterval: 'PT2.5S',
    jitter: JITTER,
  });
  await sender.load([IDS.webhookSecret]);
  const service = await startDocumentService({
    client,
    secrets: IDS,
    placesUrl: world.emulators.google.url,
    storage: { endpoint: world.emulators.iam.url, region: 'us-east-1' },
    tokenLifetimeSeconds: 3,
  });
  return { world, manifests: ms, client, sender, service, tally: new Tally(), pickups, recording };
}

/** Sign → verify a fresh token → Places → storage → webhook, round robin. */
function step(r: Run, tokens: { at: number; token: string }[]): (w: number, i: number) => Promise<void> {
  const url = r.service.url;
  return async (w, i) => {
    switch ((w + i) % 5) {
      case 0: {
        const res = await send(r.tally, 'sign', `${url}/documents/sign`, { method: 'POST', body: `doc-${w}-${i}` });
        if (res !== undefined) tokens.push({ at: Date.now(), token: (JSON.parse(res) as { token: string }).token });
        return;
      }
      case 1: {
        const fresh = tokens.filter((t) => Date.now() - t.at < 800).at(0);
        if (fresh)
          await send(r.tally, 'verify', `${url}/documents/verify`, {
            method: 'POST',
            body: JSON.stringify({ token: fresh.token }),
          });
        return;
      }
      case 2:
        await send(r.tally, 'places', `${url}/places?q=DocuGen`);
        return;
      case 3:
        await send(r.tally, 'storage', `${url}/storage`);
        return;
      default: {
        const body = `{"event":"document.signed","n":${i}}`;
        await send(r.tally, 'webhook', `${url}/webhooks`, {
          method: 'POST',
          body,
          headers: { [SIGNATURE_HEADER]: webhookSignature(r.sender.get(IDS.webhookSecret), body) },
        });
      }
    }
  };
}

async function drive(
  r: Run,
  variant: 'with-overlap' | 'without-overlap',
  perSecret: number,
  deadline: number,
): Promise<{ counts: Record<string, number>; problems: string[] }> {
  const since = Date.now();
  const counts: Record<string, number> = Object.fromEntries(r.manifests.map((m) => [m.id, 0]));
  const problems: string[] = [];
  const ok = new Set<RotationResult['kind']>(['rotated', 'retired', 'waiting', 'not-due']);
  const signing = r.manifests.filter((m) => m.id === IDS.signingKey);
  const others = r.manifests.filter((m) => m.id !== IDS.signingKey);
  while (Object.values(counts).some((n) => n < perSecret) && Date.now() < deadline) {
    const pending = variant === 'with-overlap' ? r.manifests : others;
    const results = await rotateMany(
      r.world.deps,
      pending.filter((m) => (counts[m.id] ?? 0) < perSecret),
      { waivedSingle: new Set([IDS.webhookSecret]) },
    );
    // Without overlap the signing key is rotated as an emergency with emergencyOverlap PT0S: the old key retires at promotion.
    if (variant === 'without-overlap' && (counts[IDS.signingKey] ?? 0) < perSecret)
      results.push(
        ...(await Promise.all(
          signing.map((m) =>
            rotateSecret(r.world.deps, m, { emergency: { reason: 'zero-downtime test: overlap removed' } }),
          ),
        )),
      );
    for (const res of results) if (!ok.has(res.kind)) problems.push(`${res.secretId}: ${res.kind} ${res.reason}`);
    // Promotions, not result kinds: a run that promotes and then waits (e.g. for IAM's usage report) says `waiting`.
    for (const id of Object.keys(counts))
      counts[id] = [...r.world.promotions.values()].filter((p) => p.secretId === id && p.at >= since).length;
    await sleep(250);
  }
  return { counts, problems };
}

async function health(url: string): Promise<string> {
  return ((await (await fetch(`${url}/health`)).json()) as { instanceId: string }).instanceId;
}

/**
 * Runs the document service under steady load while the real rotator rotates
 * each of its secrets `perSecret` times, then reports what the load saw.
 */
export async function runScenario(
  variant: 'with-overlap' | 'without-overlap',
  perSecret: number,
  budgetMs: number,
): Promise<ScenarioReport> {
  const t0 = Date.now();
  const r = await start(variant);
  const loadedAt = Date.now();
  const instanceIds = [await health(r.service.url)];
  const tokens: { at: number; token: string }[] = [];
  const probes: Promise<unknown>[] = [];
  oldCredentialProbes(r, tokens, probes);
  let stop = false;
  const load = runLoad(4, 20, () => stop, step(r, tokens));
  try {
    const driven = await drive(r, variant, perSecret, t0 + budgetMs);
    await sleep(SERVICE_REFRESH_MS * (1 + JITTER) + PICKUP_SLACK_MS);
    stop = true;
    await load;
    await Promise.all(probes);
    instanceIds.push(await health(r.service.url));
    const promoted = [...r.world.promotions].filter(([, p]) => p.at > loadedAt);
    const pickupsMs = promoted.flatMap(([v, p]) => (r.pickups.has(v) ? [(r.pickups.get(v) ?? 0) - p.at] : []));
    const lateChecks = promoted.flatMap(([v, p]) => {
      const first = r.recording.checks.find((c) => c.id === p.secretId && c.start > p.at);
      return first && first.current !== v ? [`${p.secretId} ${v}`] : [];
    });
    return {
      requests: r.tally.total(r.tally.sent),
      failed: r.tally.total(r.tally.failed),
      failedByRoute: Object.fromEntries(r.tally.failed),
      samples: r.tally.samples,
      rotations: driven.counts,
      rotationProblems: driven.problems,
      pickupsMs,
      missedPickups: promoted.length - pickupsMs.length,
      lateChecks,
      instanceIds,
      wallMs: Date.now() - t0,
    };
  } finally {
    stop = true;
    await load;
    await r.service.close();
    r.client.close();
    r.sender.close();
    await r.world.close();
  }
}
