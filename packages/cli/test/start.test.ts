import { execFileSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLog } from '@docugen-secrets/audit';
import { FixedClock } from '@docugen-secrets/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { repoRoot } from './run-cli.js';
import { storedSecrets } from './stored-values.js';

const T0 = '2026-11-29T12:00:00Z';
const DAY = 86_400_000;
const at = (days: number): string => new Date(Date.parse(T0) + days * DAY).toISOString();
const AUTOMATIC = [
  'document-signing-key',
  'document-storage-gcs-hmac-key',
  'document-storage-s3-access-key',
  'google-places-api-key',
  'smoke-canary',
  'webhook-hmac-secret',
];
let cwd: string;
const printed: string[] = [];

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'start-cmd-'));
  await cp(join(repoRoot, 'secrets-manifests'), join(cwd, 'secrets-manifests'), { recursive: true });
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function start(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv: ['start', ...argv],
    cwd,
    env: { USER: 'tester' },
    stdout: { write: (t) => (stdout += t) },
    stderr: { write: (t) => (stderr += t) },
    clock: new FixedClock(T0),
    isTTY: false,
    stopSignal: new Promise(() => undefined),
  });
  printed.push(stdout, stderr);
  return { code, stdout, stderr };
}

/** The report's outcome column per secret: `id → "status action outcome…"`. */
function rows(stdout: string): Record<string, string> {
  const table = stdout.slice(stdout.indexOf('== 2/4'), stdout.indexOf('== 3/4'));
  return Object.fromEntries(
    table
      .split('\n')
      .filter((l) => /^[a-z0-9-]+\s{2,}/.test(l) && !l.startsWith('secret '))
      .map((l) => [l.split(/\s+/)[0] ?? '', l.split(/\s+/).slice(1).join(' ')]),
  );
}

const local = (...p: string[]): string => join(cwd, '.local', ...p);
const emulatorState = async (file: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(local('emulators', file), 'utf8')) as Record<string, unknown>;

// Each run starts the emulators and a Secrets Manager server; on a loaded 2-core CI box the first one can take 30 s.
describe('docugen-secrets start: the local daily job', { timeout: 120_000 }, () => {
  it('first run: checks, then creates every automatic secret (provider ones through the emulators) in .local/ only', async () => {
    const r = await start();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/checked 7 manifests: 0 errors/);
    const byId = rows(r.stdout);
    for (const id of AUTOMATIC) expect(byId[id], id).toMatch(/^due create created/);
    expect(byId['ocr-vendor-api-token']).toMatch(/^blocked manual -/);
    expect(r.stdout).toMatch(/hash chain ok, \d+ records/);
    expect(r.stdout).toContain('7 secrets: 6 created');
    expect(r.stdout).toContain('needs a human: ocr-vendor-api-token');
    expect(r.stdout).toContain('alert opened: #1 ocr-vendor-api-token (manual-rotation-needed)');
    expect(r.stdout).toContain('reset: delete .local/');
    expect((await readdir(cwd)).sort()).toEqual(['.local', 'secrets-manifests']); // nothing written beside the manifests
    for (const f of ['aws-iam.json', 'gcs.json', 'google-apis.json'])
      expect((await stat(local('emulators', f))).mode & 0o777).toBe(0o600);
    const users = (await emulatorState('aws-iam.json'))['users'] as {
      userName: string;
      accountId: string;
      keys: unknown[];
    }[];
    expect(users).toEqual([
      expect.objectContaining({
        userName: 'docugen-document-store',
        accountId: '210987654321',
        keys: [expect.anything()],
      }),
    ]);
    // One commit for the run's SOPS changes, pushed to the local bare remote; the report lists what landed there.
    const log = execFileSync('git', ['log', '--format=%H|%an|%s', 'main'], {
      cwd: local('sops-remote.git'),
      encoding: 'utf8',
    });
    const [publish] = log.trim().split('\n');
    expect(publish).toMatch(/^[0-9a-f]{40}\|docugen-secrets \(local\)\|docugen-secrets: rotate 2 secrets$/);
    expect(r.stdout).toContain('published: 2 commits landed in .local/sops-remote.git main');
    expect(r.stdout).toContain(`  ${publish?.split('|')[0] ?? ''} docugen-secrets: rotate 2 secrets`);
    const body = execFileSync('git', ['log', '-1', '--format=%B', 'main'], {
      cwd: local('sops-remote.git'),
      encoding: 'utf8',
    });
    expect(body).toMatch(
      /- webhook-hmac-secret: created, version \S+ \(secrets\/production\/webhook-hmac-secret\.sops\.yaml\)/,
    );
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: local('sops-repo'), encoding: 'utf8' })).toBe('');
  });

  it("second run right after: nothing due, exit 0 — after a crash mid-append tore the audit log's last line", async () => {
    await appendFile(local('audit.jsonl'), '{"seq":999,"action":"store.put');
    const r = await start();
    expect(r.stdout).toMatch(/hash chain ok, \d+ records/);
    const lines = (await readFile(local('audit.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.filter((l) => l.includes('"action":"audit.recovered"'))).toHaveLength(1);
    expect(lines.some((l) => l.includes('"seq":999'))).toBe(false);
    expect(r.code).toBe(0);
    const byId = rows(r.stdout);
    for (const id of AUTOMATIC) expect(byId[id], id).toBe('ok none -');
    expect(r.stdout).toContain('7 secrets: nothing due, nothing rotated');
    expect(r.stdout).toContain('published: nothing new for .local/sops-remote.git');
    expect(r.stdout).toMatch(/next due: \S+ at /);
  });

  it('100 days later rotates the due secrets; after the overlaps the previous versions are retired', async () => {
    const later = await start('--now', at(100));
    expect(later.code).toBe(0);
    const byId = rows(later.stdout);
    for (const id of [
      'document-storage-gcs-hmac-key',
      'document-storage-s3-access-key',
      'google-places-api-key',
      'smoke-canary',
      'webhook-hmac-secret',
    ])
      expect(byId[id], id).toMatch(/ rotate rotated \[/);
    expect(byId['document-signing-key']).toMatch(/rotate waiting: .*publish delay/);
    expect(later.stdout).toContain('5 rotated, 1 waiting');
    expect(((await emulatorState('aws-iam.json'))['users'] as { keys: unknown[] }[])[0]?.keys).toHaveLength(2); // both keys live during the overlap
    // Reload hooks: the rolling-restart consumers were restarted (dispatch to the embedded GitHub, signed local webhook).
    expect(later.stdout).toMatch(/restart triggered: editor-web \(repository-dispatch\) for google-places-api-key/);
    expect(later.stdout).toMatch(/restart triggered: archive-worker \(webhook\) for document-storage-s3-access-key/);
    const deploy = JSON.parse(await readFile(local('github-deploy.json'), 'utf8')) as {
      repos: { name: string; dispatches?: { clientPayload: { service: string } }[] }[];
    };
    expect(deploy.repos.find((r) => r.name === 'editor-web-deploy')?.dispatches).toMatchObject([
      { clientPayload: { service: 'editor-web', secretId: 'google-places-api-key' } },
    ]);

    const retire = await start('--now', at(110));
    expect(retire.code).toBe(0);
    const then = rows(retire.stdout);
    for (const id of [
      'document-storage-gcs-hmac-key',
      'document-storage-s3-access-key',
      'google-places-api-key',
      'webhook-hmac-secret',
    ])
      expect(then[id], id).toMatch(/^retire-due retire retired \[/);
    expect(then['document-signing-key']).toMatch(/^in-progress resume rotated \[/);
    expect(((await emulatorState('aws-iam.json'))['users'] as { keys: unknown[] }[])[0]?.keys).toHaveLength(1);
    expect(((await emulatorState('gcs.json'))['keys'] as { state: string }[]).map((k) => k.state).sort()).toEqual([
      'ACTIVE',
      'DELETED',
    ]);
    expect(
      ((await emulatorState('google-apis.json'))['keys'] as { deleteTime?: string }[]).filter(
        (k) => k.deleteTime === undefined,
      ),
    ).toHaveLength(1);

    const signing = await start('--now', at(120));
    expect(signing.code).toBe(0);
    expect(rows(signing.stdout)['document-signing-key']).toMatch(/^retire-due retire retired/);
  });

  it('the audit chain verifies, and no stored value appears in any output, audit record or commit message', async () => {
    const audit = await readFile(local('audit.jsonl'), 'utf8');
    expect(verifyAuditLog(audit)).toMatchObject({ ok: true, problems: [] });
    const commits = execFileSync('git', ['log', '--format=%B'], { cwd: local('sops-repo'), encoding: 'utf8' });
    const secrets = await storedSecrets(local());
    expect(secrets.length).toBeGreaterThanOrEqual(8); // current and previous values of five secrets, plus the age key
    const issues = await readFile(local('github.json'), 'utf8'); // the local GitHub's issues, comments and labels
    const everything = [...printed, audit, commits, issues].join('\n');
    for (const s of secrets) expect(everything.includes(s), `a stored value (${s.length} chars) leaked`).toBe(false);
  });

  it('stops with exit 1 before touching any store when a manifest has errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'start-bad-'));
    try {
      await cp(join(repoRoot, 'secrets-manifests'), join(dir, 'secrets-manifests'), { recursive: true });
      const file = join(dir, 'secrets-manifests', 'webhook-hmac-secret.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('classification: high', 'classification: secret'));
      const saved = cwd;
      cwd = dir;
      const r = await start().finally(() => (cwd = saved));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('stopped: the manifests have errors');
      expect(await readdir(dir)).toEqual(['secrets-manifests']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a --now without a zone (exit 2)', async () => {
    expect((await start('--now', 'next week')).code).toBe(2);
  });
});
