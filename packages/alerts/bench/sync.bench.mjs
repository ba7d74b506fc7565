// Alerts sync bench: the GitHub requests of a sync of 1,000 secrets against the
// local GitHub server (packages/github-server), counted at the server, through
// the production client (createGitHubClient + octokitTracker), side by side in
// one run with a naive per-secret lookup (one listing request per secret, by
// its `secret:ID` label — a search per secret would cost the same and is
// eventually consistent besides). Three figures:
// - no change (50 open alerts): the sync lists the `secret-alert` label once
//   (paginated, 100 per page) and writes nothing; target <= 2 requests, 0 writes;
// - versus the naive lookup: requests saved (a speed-up, target >= 100x);
// - 50 changes (50 more secrets enter their warning window): one write per
//   change (the issue is created with its labels and assignees in one call).
// Request counts are deterministic; wall times are printed for information.
import { ratioLine } from '../../../tools/bench-lib.mjs';
import { createGitHubClient } from '@docugen-secrets/github-client';
import { startGitHubServer } from '@docugen-secrets/github-server';
import { octokitTracker, syncAlerts } from '@docugen-secrets/alerts';

const SECRETS = 1000;
const OPEN = 50;
const CHANGES = 50;
const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const NOW = new Date(T0 + 39 * DAY); // inside the P7D window of a secret rotated at T0 (expires at T0+45d)
const OWNER = 'docugen';
const REPO = 'secrets';

function manifest(i) {
  const id = `bench-secret-${String(i).padStart(4, '0')}`;
  return {
    apiVersion: 'docugen.io/secrets/v1',
    id,
    description: 'bench secret',
    environment: 'production',
    owner: { team: 'bench', handles: ['@bench'] },
    oncall: { team: '@docugen/bench-oncall' },
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

/** A plan entry: `expiring` (rotated at T0, inside its window at NOW) or `ok` (rotated later, window ahead). */
function entry(m, expiring) {
  const last = expiring ? T0 : T0 + 20 * DAY;
  return {
    secretId: m.id,
    rotationKind: 'random-secret',
    strategy: 'alternating',
    status: expiring ? 'expiring' : 'ok',
    action: 'none',
    reason: 'bench',
    lastRotatedAt: new Date(last),
    dueAt: new Date(last + 30 * DAY),
    expiresAt: new Date(last + 45 * DAY),
  };
}

const sum = (counts) => Object.values(counts).reduce((n, c) => n + c, 0);

const server = await startGitHubServer({ repos: [`${OWNER}/${REPO}`], rateLimit: { limit: 1_000_000 } });
try {
  const client = createGitHubClient({
    env: { GITHUB_API_URL: server.url, GITHUB_TOKEN: 'bench' },
    msPerRetrySecond: 5,
    writeSpacingMs: 0,
    notificationSpacingMs: 0,
  });
  const tracker = octokitTracker(client, { owner: OWNER, repo: REPO });
  const manifests = Array.from({ length: SECRETS }, (_, i) => manifest(i));
  const sync = (expiringCount) =>
    syncAlerts(
      {
        manifests,
        plan: manifests.map((m, i) => entry(m, i < expiringCount)),
        now: NOW,
        source: `${OWNER}/${REPO}`,
        links: { repoWebUrl: `https://github.com/${OWNER}/${REPO}` },
      },
      { tracker },
    );
  /** Runs `fn` with fresh counters: requests and writes at the server, wall time. */
  const measured = async (fn) => {
    server.resetCounts();
    const t0 = process.hrtime.bigint();
    const result = await fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { result, ms, requests: sum(server.requestCounts()), writes: sum(server.writeCounts()) };
  };

  const setup = await sync(OPEN);
  if (setup.opened.length !== OPEN) throw new Error(`setup opened ${setup.opened.length} issues, expected ${OPEN}`);

  const same = await measured(() => sync(OPEN));
  const naive = await measured(async () => {
    for (const m of manifests)
      await client.rest.issues.listForRepo({
        owner: OWNER,
        repo: REPO,
        labels: `secret:${m.id}`,
        state: 'all',
        per_page: 100,
      });
  });
  const changed = await measured(() => sync(OPEN + CHANGES));
  const opened = changed.result.opened.length;

  console.log(
    `${SECRETS} secrets, ${OPEN} open alerts, no change: ${same.requests} requests, ${same.writes} writes, ${same.ms.toFixed(0)} ms`,
  );
  console.log(`naive per-secret lookup:            ${naive.requests} requests, ${naive.ms.toFixed(0)} ms`);
  console.log(
    `${CHANGES} changes (${opened} opened):          ${changed.requests} requests, ${changed.writes} writes, ${changed.ms.toFixed(0)} ms`,
  );
  const ok = same.requests <= 2 && same.writes === 0;
  console.log(
    `RATIO alerts-sync-1000-secrets-50-open-no-change: ${same.requests} requests, ${same.writes} writes (target <= 2 requests, 0 writes) ${ok ? 'PASS' : 'FAIL'}`,
  );
  ratioLine(
    'alerts-sync-no-change-vs-naive-per-secret-lookup (requests saved)',
    naive.requests / same.requests,
    '>=',
    100,
    ` [${naive.requests} vs ${same.requests} requests]`,
  );
  ratioLine(
    'alerts-sync-50-changes-writes-per-change',
    changed.writes / CHANGES,
    '<=',
    1,
    ` [${changed.writes} writes for ${CHANGES} changes, ${changed.requests} requests]`,
  );
} finally {
  await server.close();
}
