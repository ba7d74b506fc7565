import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadState, type IssueRecord, type RepoRecord } from '@docugen-secrets/github-server';
import { FixedClock } from '@docugen-secrets/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { repoRoot } from './run-cli.js';
import { storedSecrets } from './stored-values.js';

const T0 = '2026-11-29T12:00:00Z';
const HOUR = 3_600_000;
/** T0 plus days and hours: google-places-api-key (made at T0) is due at day 90, its P30D window opens then too. */
const at = (days: number, hours = 0): string => new Date(Date.parse(T0) + (days * 24 + hours) * HOUR).toISOString();
const PLACES = 'google-places-api-key';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function workspace(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'start-alerts-'));
  dirs.push(cwd);
  await cp(join(repoRoot, 'secrets-manifests'), join(cwd, 'secrets-manifests'), { recursive: true });
  return cwd;
}

const printed: string[] = [];

async function start(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv: ['start', ...argv],
    cwd,
    env: { USER: 'tester', GITHUB_TOKEN: 'must-not-be-used', GITHUB_API_URL: 'http://127.0.0.1:9' },
    stdout: { write: (t) => (stdout += t) },
    stderr: { write: (t) => (stderr += t) },
    clock: new FixedClock(T0),
    isTTY: false,
    stopSignal: new Promise(() => undefined),
  });
  printed.push(stdout, stderr);
  return { code, stdout, stderr };
}

/** The local GitHub's repository, read from its state file (what a rerun of the server loads). */
async function repo(cwd: string): Promise<RepoRecord> {
  const state = await loadState(join(cwd, '.local', 'github.json'));
  const r = state?.repos.find((x) => x.name === 'docugen-secrets');
  if (!r) throw new Error('no local GitHub repository');
  return r;
}

function issueOf(r: RepoRecord, secretId: string, kind: string): IssueRecord {
  const issue = r.issues.find((i) => i.body?.includes(`secret=${secretId} kind=${kind} `));
  if (!issue) throw new Error(`no issue for ${secretId}/${kind}`);
  return issue;
}

const comments = (r: RepoRecord, n: number): string[] =>
  r.comments.filter((c) => c.issueNumber === n).map((c) => c.body);
const labels = (r: RepoRecord, issue: IssueRecord): string[] =>
  issue.labelIds.map((id) => r.labels.find((l) => l.id === id)?.name ?? '?');

// Every run starts the emulators, a Secrets Manager and the GitHub server: generous timeouts on a loaded 2-core box.
describe('start: alerts in the embedded local GitHub', { timeout: 180_000 }, () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await workspace();
  });

  it("a fresh run opens the manual secret's issue; a rerun changes nothing", async () => {
    const first = await start(cwd, '--now', at(0));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('alert opened: #1 ocr-vendor-api-token (manual-rotation-needed)');
    expect(first.stdout).toContain('state: local GitHub issues .local/github.json');
    const r = await repo(cwd);
    expect(labels(r, issueOf(r, 'ocr-vendor-api-token', 'manual-rotation-needed'))).toEqual(
      expect.arrayContaining(['secret-alert', 'secret:ocr-vendor-api-token', 'kind:manual-rotation-needed']),
    );
    const again = await start(cwd, '--now', at(0, 1));
    expect(again.stdout).toContain(
      'alerts (local GitHub issues): 0 opened, 0 escalated, 0 reopened, 0 updated, 0 closed',
    );
    expect((await repo(cwd)).issues).toHaveLength(1);
  });

  it('a rotation held back inside the warning window: expiring and rotation-failed (naming the step) open', async () => {
    const r1 = await start(cwd, '--now', at(90, 1), '--simulate-failure', `${PLACES}:test`);
    expect(r1.code).toBe(1);
    expect(r1.stdout).toMatch(new RegExp(`alert opened: #\\d+ ${PLACES} \\(expiring\\)`));
    expect(r1.stdout).toMatch(new RegExp(`alert opened: #\\d+ ${PLACES} \\(rotation-failed\\)`));
    const r = await repo(cwd);
    const failed = issueOf(r, PLACES, 'rotation-failed');
    expect(failed.state).toBe('open');
    expect(failed.body).toMatch(/step.{0,20}test/i);
    expect(failed.body).toContain('ROTATION_TEST_FAILED');
    expect(issueOf(r, PLACES, 'expiring').state).toBe('open');
    expect(comments(r, issueOf(r, PLACES, 'expiring').number)).toEqual([]);
  });

  it('a later --now escalates it once (one comment per crossing, severity label raised)', async () => {
    const before = await repo(cwd);
    const severity = labels(before, issueOf(before, PLACES, 'expiring')).find((l) => l.startsWith('severity:'));
    const r2 = await start(cwd, '--now', at(90, 6), '--simulate-failure', `${PLACES}:test`);
    expect(r2.stdout).toMatch(new RegExp(`alert escalated: #\\d+ ${PLACES} \\(expiring\\)`));
    const after = await repo(cwd);
    const expiring = issueOf(after, PLACES, 'expiring');
    expect(comments(after, expiring.number)).toHaveLength(1);
    expect(comments(after, expiring.number)[0]).toContain('@docugen/security-oncall');
    expect(labels(after, expiring).find((l) => l.startsWith('severity:'))).not.toBe(severity);
    const r3 = await start(cwd, '--now', at(90, 6.5), '--simulate-failure', `${PLACES}:test`);
    expect(r3.stdout).not.toContain('alert escalated');
    expect(comments(await repo(cwd), expiring.number)).toHaveLength(1);
  });

  it('the run after the rotation (no flag) closes both as completed', async () => {
    const r4 = await start(cwd, '--now', at(90, 7));
    expect(r4.code).toBe(0);
    expect(r4.stdout).toMatch(new RegExp(`alert closed: #\\d+ ${PLACES} \\(expiring\\)`));
    expect(r4.stdout).toMatch(new RegExp(`alert closed: #\\d+ ${PLACES} \\(rotation-failed\\)`));
    const r = await repo(cwd);
    for (const kind of ['expiring', 'rotation-failed'])
      expect(issueOf(r, PLACES, kind)).toMatchObject({ state: 'closed', stateReason: 'completed' });
  });

  it('no stored value appears in any issue, comment, label or output', async () => {
    const secrets = await storedSecrets(join(cwd, '.local'));
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    const github = await readFile(join(cwd, '.local', 'github.json'), 'utf8');
    const everything = [github, ...printed].join('\n');
    for (const s of secrets) expect(everything.includes(s), `a stored value (${s.length} chars) leaked`).toBe(false);
  });
});

describe('start --simulate-failure', { timeout: 180_000 }, () => {
  it('fails the first create of a secret: rotation-failed names the step; the next run recovers and closes it', async () => {
    const cwd = await workspace();
    const failed = await start(cwd, '--now', at(0), '--simulate-failure', 'webhook-hmac-secret:create');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^webhook-hmac-secret\s+due\s+create\s+error: .*simulated failure/m);
    expect(failed.stdout).toMatch(/alert opened: #\d+ webhook-hmac-secret \(rotation-failed\)/);
    const open = issueOf(await repo(cwd), 'webhook-hmac-secret', 'rotation-failed');
    expect(open.body).toContain('CLI_SIMULATED_FAILURE');
    expect(open.body).toMatch(/step.{0,20}create/i);
    const recovered = await start(cwd, '--now', at(0, 1));
    expect(recovered.code).toBe(0);
    expect(recovered.stdout).toMatch(/alert closed: #\d+ webhook-hmac-secret \(rotation-failed\)/);
    expect(issueOf(await repo(cwd), 'webhook-hmac-secret', 'rotation-failed')).toMatchObject({ state: 'closed' });
  });

  it('finish and retire fail as the engine names them (finish, retire-upstream); the same issue reopens, then closes', async () => {
    const cwd = await workspace();
    expect((await start(cwd, '--now', at(0))).code).toBe(0);
    const finish = await start(cwd, '--now', at(90, 1), '--simulate-failure', 'webhook-hmac-secret:finish');
    expect(finish.code).toBe(1);
    expect(finish.stdout).toMatch(/^webhook-hmac-secret\s+\S+\s+rotate\s+error: .*step finish/m);
    const failed = issueOf(await repo(cwd), 'webhook-hmac-secret', 'rotation-failed');
    expect(failed.body).toContain('Failed step: `finish`');
    expect((await start(cwd, '--now', at(90, 2))).stdout).toMatch(
      /alert closed: #\d+ webhook-hmac-secret \(rotation-failed\)/,
    );
    const retire = await start(cwd, '--now', at(96), '--simulate-failure', 'webhook-hmac-secret:retire');
    expect(retire.stdout).toMatch(
      new RegExp(`alert reopened: #${failed.number} webhook-hmac-secret \\(rotation-failed\\)`),
    );
    expect(issueOf(await repo(cwd), 'webhook-hmac-secret', 'rotation-failed').body).toContain(
      'Failed step: `retire-upstream`',
    );
    const done = await start(cwd, '--now', at(96, 1));
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^webhook-hmac-secret\s+retire-due\s+retire\s+retired/m);
    expect(issueOf(await repo(cwd), 'webhook-hmac-secret', 'rotation-failed')).toMatchObject({
      state: 'closed',
      stateReason: 'completed',
    });
    const idle = await start(cwd, '--now', at(96, 2), '--simulate-failure', 'webhook-hmac-secret:retire');
    expect(idle.code).toBe(0);
    expect(idle.stdout).toContain('simulated failure not reached: webhook-hmac-secret had no retire step this run');
  });

  it('usage errors (exit 2, escaped) for an unknown secret or step, before anything is written', async () => {
    const cwd = await workspace();
    const unknown = await start(cwd, '--simulate-failure', 'no-such-secret:set');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no manifest has the id "no-such-secret"');
    const step = await start(cwd, '--simulate-failure', `${PLACES}:\u001b[31mexplode`);
    expect(step.code).toBe(2);
    expect(step.stderr).not.toContain('\u001b');
    expect(step.stderr).toContain('STEP one of create, set, test, finish, retire');
    expect((await start(cwd, '--simulate-failure', PLACES)).code).toBe(2);
  });
});
