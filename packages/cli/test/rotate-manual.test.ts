import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canary, FixedClock } from '@docugen-secrets/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretInput } from '../src/secret-input.js';
import { main } from '../src/index.js';
import { repoRoot } from './run-cli.js';

const T0 = '2026-11-29T12:00:00Z';
const ID = 'ocr-vendor-api-token';
const REASON = 'OCR-42: quarterly token re-issue in the vendor portal';
const FIRST = canary('ocr-first');
const SECOND = canary('ocr-second');
let cwd: string;
const printed: string[] = [];

const piped = (text: string): SecretInput => ({
  isTTY: false,
  readAll: () => Promise.resolve(text),
  promptHidden: () => Promise.reject(new Error('no terminal')),
});
const typed = (...answers: string[]): SecretInput => ({
  isTTY: true,
  readAll: () => Promise.reject(new Error('a terminal')),
  promptHidden: () => Promise.resolve(answers.shift() ?? ''),
});

async function cli(argv: string[], secretInput?: SecretInput, clock = T0): Promise<{ code: number; out: string }> {
  let out = '';
  const write = (t: string): void => {
    out += t;
  };
  const code = await main({
    argv,
    cwd,
    env: { USER: 'tester' },
    stdout: { write },
    stderr: { write },
    clock: new FixedClock(clock),
    isTTY: false,
    stopSignal: new Promise(() => undefined),
    ...(secretInput ? { secretInput } : {}),
  });
  printed.push(out);
  return { code, out };
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'rotate-manual-'));
  await cp(join(repoRoot, 'secrets-manifests'), join(cwd, 'secrets-manifests'), { recursive: true });
  // The OCR worker gets a restart trigger here, so a manual rotation has a consumer to restart.
  const file = join(cwd, 'secrets-manifests', `${ID}.yaml`);
  const yaml = await readFile(file, 'utf8');
  const triggered = yaml.replace(
    '      restartsPerHour: 3\n',
    '      restartsPerHour: 3\n      trigger:\n        kind: repository-dispatch\n        repository: docugen/deploy-ocr\n',
  );
  expect(triggered).not.toBe(yaml);
  await writeFile(file, triggered);
  expect((await cli(['start'])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

interface Line {
  readonly action: string;
  readonly secretId: string;
  readonly versionId?: string;
  readonly details?: Record<string, unknown>;
}

const auditLines = async (): Promise<Line[]> =>
  (await readFile(join(cwd, '.local', 'audit.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

describe('rotate --manual: a person rotates a manual secret through the tool', () => {
  it('stores a first value read from standard input, records who and why, and drift sees no out-of-band change', async () => {
    const r = await cli(
      ['rotate', '--secret', ID, '--manual', '--reason', REASON, '--actor', 'alice'],
      piped(`${FIRST}\n`),
    );
    expect(r.out).toContain(`${ID}: created`);
    expect(r.code).toBe(0);
    const request = (await auditLines()).find((l) => l.action === 'manual.request');
    expect(request?.details).toMatchObject({ by: 'alice', reason: REASON });
    expect((await cli(['drift'])).code).toBe(0);
  });

  it('rotates again from a prompt that does not echo, keeps the previous version and says when to revoke it', async () => {
    const r = await cli(
      ['rotate', '--secret', ID, '--manual', '--reason', REASON, '--actor', 'alice'],
      typed(SECOND, SECOND),
      '2026-11-30T09:00:00Z',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${ID}: rotated`);
    // The consumer's rolling restart takes PT20M (the manifest): the old token may go after it.
    expect(r.out).toContain('Revoke the old token upstream after 2026-11-30T09:20:00.000Z');
    expect(r.out).toContain(`rotate --secret ${ID} --confirm-revoked`);
    // As an automatic rotation, the new version restarts the consumer (the embedded GitHub takes the dispatch).
    expect(r.out).toMatch(
      new RegExp(
        `restart triggered: ocr-worker \\(repository-dispatch\\) for ${ID} version \\S+, rolled out by 2026-11-30T09:20:00.000Z`,
      ),
    );
    const restart = (await auditLines()).filter((l) => l.action === 'manual.restart').at(-1);
    expect(restart?.details).toMatchObject({ service: 'ocr-worker', trigger: 'repository-dispatch' });
    const ledger = JSON.parse(await readFile(join(cwd, '.local', 'restarts.json'), 'utf8')) as {
      records: { secretId: string; triggeredAt?: string }[];
    };
    expect(ledger.records.filter((x) => x.secretId === ID && x.triggeredAt !== undefined)).toHaveLength(1);
    const finish = (await auditLines()).filter((l) => l.action === 'manual.finish').at(-1);
    expect(finish?.details).toMatchObject({ by: 'alice', revokeAfter: '2026-11-30T09:20:00.000Z' });
    const drift = await cli(['drift', '--now', '2026-12-20T00:00:00Z']);
    expect(drift.code, drift.out).toBe(0);
  });

  it('records the confirmation that the old token is revoked and retires the previous version', async () => {
    const r = await cli(
      ['rotate', '--secret', ID, '--confirm-revoked', '--actor', 'alice'],
      undefined,
      '2026-11-30T10:00:00Z',
    );
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('is revoked upstream');
    const revoked = (await auditLines()).find((l) => l.action === 'manual.revoked');
    expect(revoked?.details).toMatchObject({ by: 'alice' });
    expect((await cli(['rotate', '--secret', ID, '--confirm-revoked', '--actor', 'alice'])).code).toBe(2); // nothing left to confirm
  });

  it('refuses mismatched prompts, empty input, a missing reason and automatic secrets, changing nothing', async () => {
    const before = await auditLines();
    expect((await cli(['rotate', '--secret', ID, '--manual', '--reason', REASON], typed('a', 'b'))).code).toBe(2);
    expect((await cli(['rotate', '--secret', ID, '--manual', '--reason', REASON], piped('\n'))).code).toBe(2);
    expect((await cli(['rotate', '--secret', ID, '--manual'], piped('x'))).code).toBe(2);
    expect(
      (await cli(['rotate', '--secret', 'webhook-hmac-secret', '--manual', '--reason', REASON], piped('x'))).code,
    ).toBe(2);
    expect((await auditLines()).filter((l) => l.action.startsWith('manual.'))).toEqual(
      before.filter((l) => l.action.startsWith('manual.')),
    );
  });

  it('never shows the values: not in any output, not in the audit trail', async () => {
    const audit = await readFile(join(cwd, '.local', 'audit.jsonl'), 'utf8');
    for (const value of [FIRST, SECOND]) {
      expect(printed.join('\n')).not.toContain(value);
      expect(audit).not.toContain(value);
    }
  });
});
