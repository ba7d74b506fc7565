import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptText, parseIdentities, plainValue } from '@docugen-secrets/sops';
import { FixedClock } from '@docugen-secrets/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { repoRoot } from './run-cli.js';

const T0 = '2026-11-29T12:00:00Z';
const LATER = '2027-03-09T12:00:00Z'; // 100 days on: the 30- and 60-day secrets are rotated
const IDS = [
  'document-signing-key',
  'document-storage-gcs-hmac-key',
  'document-storage-s3-access-key',
  'google-places-api-key',
  'ocr-vendor-api-token',
  'smoke-canary',
  'webhook-hmac-secret',
];

let cwd: string;

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd,
    env: { USER: 'tester' },
    stdout: { write: (t) => (stdout += t) },
    stderr: { write: (t) => (stderr += t) },
    clock: new FixedClock(T0),
    isTTY: false,
    stopSignal: new Promise(() => undefined),
  });
  return { code, stdout, stderr };
}

/** Every value text the local stores hold (whole texts and their JSON string members). */
async function storedValues(): Promise<string[]> {
  const texts: string[] = [];
  const sm = JSON.parse(await readFile(join(cwd, '.local', 'secrets-manager.json'), 'utf8')) as {
    secrets: { versions: { value?: { text?: string } }[] }[];
  };
  for (const s of sm.secrets)
    for (const v of s.versions) if (typeof v.value?.text === 'string') texts.push(v.value.text);
  const identities = await parseIdentities(await readFile(join(cwd, '.local', 'age-key.txt'), 'utf8'), 'key');
  const sops = await readFile(
    join(cwd, '.local', 'sops-repo', 'secrets', 'production', 'webhook-hmac-secret.sops.yaml'),
    'utf8',
  );
  const doc = plainValue(await decryptText(sops, { format: 'yaml', identities })) as { versions: { value?: string }[] };
  for (const v of doc.versions) if (typeof v.value === 'string') texts.push(v.value);
  const members = texts.flatMap((t) => {
    try {
      return Object.values(JSON.parse(t) as Record<string, unknown>).filter((x): x is string => typeof x === 'string');
    } catch {
      return [];
    }
  });
  return [...texts, ...members].filter((v) => v.length >= 16);
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'report-cmd-'));
  await cp(join(repoRoot, 'secrets-manifests'), join(cwd, 'secrets-manifests'), { recursive: true });
  await cp(join(repoRoot, 'policies'), join(cwd, 'policies'), {
    recursive: true,
    filter: (src) => !src.includes('node_modules') && !src.includes(join('policies', 'test')),
  });
  await cp(join(repoRoot, '.github', 'CODEOWNERS'), join(cwd, '.github', 'CODEOWNERS'));
}, 60_000);
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

// Each run starts the local Secrets Manager server and the emulators: generous timeouts on a loaded box.
describe('docugen-secrets report on the local default state', { timeout: 180_000 }, () => {
  it('after npm start and a run 100 days on: every secret, its rotations, who did them, the policy maximum and the waiver', async () => {
    expect((await cli('start')).code).toBe(0);
    expect((await cli('start', '--now', LATER)).code).toBe(0);
    const r = await cli('report', '--format', 'json', '--now', LATER);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      auditVerified: boolean;
      rows: {
        secretId: string;
        status: string;
        rotationsLast12Months: number;
        policyMaxDays?: number;
        lastRotation?: { trigger: string; by: string };
        waivers: { rule: string }[];
      }[];
    };
    expect(json.auditVerified).toBe(true);
    expect(json.rows.map((row) => row.secretId)).toEqual(IDS);
    const byId = new Map(json.rows.map((row) => [row.secretId, row]));
    expect(byId.get('document-storage-s3-access-key')).toMatchObject({
      status: 'ok',
      rotationsLast12Months: 1,
      policyMaxDays: 30,
      lastRotation: { trigger: 'scheduled', by: 'tester (local)' },
    });
    expect(byId.get('ocr-vendor-api-token')).toMatchObject({ status: 'missing', waivers: [{ rule: 'SM010' }] });
  });

  it('writes all four formats, never a value', async () => {
    const values = await storedValues();
    expect(values.length).toBeGreaterThan(3);
    for (const format of ['markdown', 'csv', 'json', 'html']) {
      const out = join(cwd, `report.${format}`);
      const r = await cli('report', '--format', format, '--now', LATER, '--output', out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`wrote ${out} (${format}, 7 secrets`);
      const text = await readFile(out, 'utf8');
      for (const id of IDS) expect(text).toContain(id);
      for (const v of values) expect(text.includes(v), `a stored value appears in the ${format} report`).toBe(false);
    }
    expect(await readFile(join(cwd, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('reads open alerts from a file and rejects a malformed one and an unknown format (exit 2)', async () => {
    await writeFile(
      join(cwd, 'alerts.json'),
      JSON.stringify({ alerts: [{ secretId: 'ocr-vendor-api-token', kind: 'manual-rotation-needed', id: 7 }] }),
    );
    const ok = JSON.parse(
      (await cli('report', '--format', 'json', '--now', LATER, '--alerts', 'alerts.json')).stdout,
    ) as { rows: { secretId: string; openAlerts: { kind: string }[] }[] };
    expect(ok.rows.find((row) => row.secretId === 'ocr-vendor-api-token')?.openAlerts).toEqual([
      { secretId: 'ocr-vendor-api-token', kind: 'manual-rotation-needed', id: '7' },
    ]);
    await writeFile(join(cwd, 'bad.json'), JSON.stringify({ alerts: [{ secretId: 'x', kind: 'nope' }] }));
    const bad = await cli('report', '--alerts', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('alerts[0]');
    expect((await cli('report', '--format', 'pdf')).code).toBe(2);
  });

  it('a tampered audit trail is reported and gives exit 1, the report is still printed', async () => {
    const path = join(cwd, '.local', 'audit.jsonl');
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[0] = lines[0]!.replace('"outcome":"success"', '"outcome":"failure"');
    await writeFile(path, lines.join('\n'));
    const r = await cli('report', '--now', LATER);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('hash chain does NOT verify');
  });
});
