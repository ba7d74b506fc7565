// Issue #12 benchmark: `docugen-secrets drift` over 10,000 Secrets Manager secrets
// against the local Secrets Manager server, side by side with a bare paginated
// ListSecrets of the same secrets (target <= 1.5x).
//
// Set-up (not timed): a temporary repository with 10,000 manifests made from the
// repository's Secrets Manager manifests (own ids and names), the local server
// (packages/secrets-manager-server, in this process, in memory) seeded with one
// secret per manifest through the real SDK (CreateSecret with the tool's tags, KMS
// key and a ClientRequestToken as version id, as store-aws creates them), and an
// audit trail (hash-chained, as the tool writes it) recording each version, so the
// estate is clean: drift must report 0 findings, which the script asserts.
//
// Subjects, alternated ABBA by tools/bench-lib.mjs `compare`, both in this process:
// - drift: one drift run through the CLI's composition root, `detectDriftOn` of
//   compose/drift-backends.ts, which the `drift` command calls: store-aws's lister
//   with its default rate limiter, listing by the project's id tag (100 pages of
//   100), the git SOPS inventory, the audit trail read and indexed, every check;
// - baseline: a bare SDK client paging ListSecrets with the same filter and
//   MaxResults 100 over the same server: the same 100 requests and nothing else.
//   Like a drift run, each baseline run builds its client (and connection) anew.
// The manifests are loaded once beforehand, as the command does before calling
// detectDriftOn: loading and validating 10,000 YAML files is the subject of
// packages/manifest/bench (check vs yaml.parse) and is printed here as a context
// row without a target. The server answers both subjects in this process, so its
// time is in both columns.
//
// The limiter: store-aws's DEFAULT_LIST_RATE is a token bucket whose burst is one
// second of AWS's ListSecrets quota (100 per second per account and Region) and
// whose sustained rate is half of it; the lister's SDK client runs in adaptive
// retry mode, so throttling answers slow it down further. A drift over 10,000
// secrets (100 pages) therefore goes through the bucket without a wait, as the
// bare listing does: the two columns compare the same requests, and a larger
// estate is still paced under the account's quota. Rows for the set-up and for
// manifest loading alone are printed for context, without a target.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AuditChain } from '@docugen-secrets/audit';
import { detectDriftOn } from '@docugen-secrets/cli/compose';
import { loadManifests } from '@docugen-secrets/manifest';
import { startSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { compare, printTable, ratioOf } from '../../../tools/bench-lib.mjs';

// BENCH_SECRETS shrinks the estate for a quick trial of the script itself; figures quoted use the default.
const N = Number(process.env.BENCH_SECRETS ?? 10_000);
const REGION = 'eu-west-1';
const ID_TAG = 'docugen-secrets/id';
const OWNER_TAG = 'docugen-secrets/owner';
const NOW = '2026-11-29T12:00:00Z';
const root = process.cwd();
const repo = mkdtempSync(join(tmpdir(), 'bench-drift-'));
const credentials = { accessKeyId: 'docugen-local', secretAccessKey: 'docugen-local' };

/** The repository's Secrets Manager manifests that the rotator stores (not the manual one). */
function templates() {
  const dir = join(root, 'secrets-manifests');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ base: f.replace(/\.yaml$/, ''), text: readFileSync(join(dir, f), 'utf8') }))
    .filter(({ text }) => text.includes('kind: aws-secrets-manager') && !/strategy: manual/.test(text));
}

function writeManifests() {
  const dir = join(repo, 'secrets-manifests');
  mkdirSync(dir, { recursive: true });
  const all = templates();
  const secrets = [];
  for (let i = 0; i < N; i++) {
    const { base, text } = all[i % all.length];
    const id = `${base}-${i}`;
    const name = `production/bench/${id}`;
    const body = text
      .replaceAll(`id: ${base}`, `id: ${id}`)
      .replace(/^( {2}name: ).*$/m, `$1${name}`)
      .replace('$schema=../', '$schema=../../');
    writeFileSync(join(dir, `${id}.yaml`), body);
    secrets.push({
      id,
      name,
      owner: /^ {2}team: ([a-z-]+)$/m.exec(body)[1],
      kmsKeyId: /^ {2}kmsKeyId: (.+)$/m.exec(body)?.[1],
    });
  }
  return secrets;
}

async function seed(client, secrets) {
  let next = 0;
  const worker = async () => {
    while (next < secrets.length) {
      const s = secrets[next++];
      s.versionId = randomUUID();
      await client.send(
        new CreateSecretCommand({
          Name: s.name,
          SecretString: randomUUID(),
          ClientRequestToken: s.versionId,
          ...(s.kmsKeyId === undefined ? {} : { KmsKeyId: s.kmsKeyId }),
          Tags: [
            { Key: ID_TAG, Value: s.id },
            { Key: OWNER_TAG, Value: s.owner },
          ],
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function writeAudit(secrets) {
  const chain = new AuditChain();
  const lines = [];
  for (const s of secrets) {
    const { record, line } = chain.prepare({
      at: NOW,
      actor: { kind: 'local', user: 'bench' },
      action: 'store.create',
      secretId: s.id,
      versionId: s.versionId,
      outcome: 'success',
      details: { store: 'aws-secrets-manager' },
    });
    chain.commit(record);
    lines.push(line);
  }
  const path = join(repo, 'audit.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const t0 = performance.now();
const secrets = writeManifests();
const server = await startSecretsManagerServer({ region: REGION });
const client = new SecretsManagerClient({ region: REGION, endpoint: server.endpoint, credentials });
await seed(client, secrets);
const seedSeconds = (performance.now() - t0) / 1000;
const auditLog = writeAudit(secrets);
mkdirSync(join(repo, 'sops-repo'));
console.log(`set-up: ${N} manifests written and ${N} secrets created through the SDK in ${seedSeconds.toFixed(1)} s`);

const loadStart = performance.now();
const loaded = await loadManifests([join(repo, 'secrets-manifests')], { cwd: repo });
const loadMs = performance.now() - loadStart;
const manifests = loaded.manifests.flatMap((m) => (m.manifest ? [{ manifest: m.manifest, file: m.file }] : []));
if (manifests.length !== N) throw new Error(`${N - manifests.length} generated manifests are invalid`);
const ctx = {
  argv: [],
  cwd: repo,
  env: {},
  stdout: { write: () => undefined },
  stderr: { write: () => undefined },
  clock: { now: () => new Date(NOW) },
  isTTY: false,
  stopSignal: new Promise(() => undefined),
};
const flags = {
  mode: 'aws',
  region: REGION,
  awsEndpoint: server.endpoint,
  realCredentials: false,
  sopsRepo: join(repo, 'sops-repo'),
  auditLog,
  needsVault: true,
  needsSops: true,
};
let result;
async function drift() {
  ({ result } = await detectDriftOn(ctx, flags, manifests, new Date(NOW), { namePrefixes: [], regions: [REGION] }));
}

let listed = 0;
async function bareListing() {
  const bare = new SecretsManagerClient({ region: REGION, endpoint: server.endpoint, credentials });
  let token;
  let n = 0;
  do {
    const page = await bare.send(
      new ListSecretsCommand({ Filters: [{ Key: 'tag-key', Values: [ID_TAG] }], MaxResults: 100, NextToken: token }),
    );
    n += page.SecretList?.length ?? 0;
    token = page.NextToken;
  } while (token);
  bare.destroy();
  listed = n;
}

const results = await compare(
  {
    'drift (listing + SOPS + audit + checks)': drift,
    'baseline: bare paginated ListSecrets': bareListing,
  },
  { rounds: 7, warmup: 2 },
);
printTable(results);
console.log(
  `  context, no target: loading + validating the ${N} manifests (before drift runs, as the command does) took ${loadMs.toFixed(0)} ms once`,
);
const counts = result.counts;
console.log(
  `drift compared ${counts.manifests} manifests with ${counts.vaultSecrets} secrets: ${result.findings.length} findings (a clean estate: 0 expected); the baseline listed ${listed}`,
);
if (result.findings.length !== 0 || counts.vaultSecrets !== N || listed !== N) {
  console.error(`drift did not see the clean estate it was given: ${JSON.stringify(result.findings.slice(0, 3))}`);
  process.exitCode = 1;
}
ratioOf(
  `drift-${N}-secrets-vs-bare-paginated-ListSecrets`,
  results['drift (listing + SOPS + audit + checks)'],
  results['baseline: bare paginated ListSecrets'],
  '<=',
  1.5,
);

client.destroy();
await server.close();
rmSync(repo, { recursive: true, force: true });
