import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditChain, type AuditEvent } from '@docugen-secrets/audit';
import { collectDrift, detectDrift, type VaultLister } from '@docugen-secrets/drift';
import { testManifest } from '@docugen-secrets/manifest/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditReader } from '../src/compose/drift-backends.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const NAME = 'production/app/key';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drift-audit-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Hash-chained lines as the tool writes them. */
function lines(...events: AuditEvent[]): string[] {
  const chain = new AuditChain();
  return events.map((e) => {
    const { record, line } = chain.prepare(e);
    chain.commit(record);
    return line;
  });
}

const stored = (versionId: string, at: string): AuditEvent => ({
  at,
  actor: { kind: 'local', user: 'test' },
  action: 'store.create',
  secretId: 'app-key',
  versionId,
  outcome: 'success',
  details: { store: 'aws-secrets-manager' },
});

async function read(text: string): Promise<{ found: boolean; events: AuditEvent[] }> {
  const path = join(dir, `audit-${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(path, text);
  const events: AuditEvent[] = [];
  const found = await auditReader(path).readEvents((e) => events.push(e));
  return { found, events };
}

describe('the drift audit reader (compose/drift-backends auditReader)', () => {
  it('streams every event line in log order, the last one without a newline too', async () => {
    const [a, b] = lines(stored('v1', '2026-11-01T00:00:00Z'), stored('v2', '2026-11-02T00:00:00Z'));
    const { found, events } = await read(`${a}\n${b}`);
    expect(found).toBe(true);
    expect(events.map((e) => e.versionId)).toEqual(['v1', 'v2']);
  });

  it('skips what is not an event object (left to audit verify): torn JSON, null, numbers, arrays, blank lines', async () => {
    const [a, b] = lines(stored('v1', '2026-11-01T00:00:00Z'), stored('v2', '2026-11-02T00:00:00Z'));
    const text = [a, '{"at": "2026-11-0', 'null', '42', '[1,2]', '"text"', '', '   ', `${b ?? ''}\r`, ''].join('\n');
    const { found, events } = await read(text);
    expect(found).toBe(true);
    expect(events.map((e) => e.versionId)).toEqual(['v1', 'v2']);
  });

  it('decodes a trail with non-ASCII text as UTF-8', async () => {
    const [a] = lines({ ...stored('v1', '2026-11-01T00:00:00Z'), details: { reason: 'INC-7: clé exposée ✓' } });
    const { events } = await read(`${a}\n`);
    expect(events[0]?.details?.['reason']).toBe('INC-7: clé exposée ✓');
  });

  it('says there is no trail when the file does not exist', async () => {
    const events: AuditEvent[] = [];
    expect(await auditReader(join(dir, 'none.jsonl')).readEvents((e) => events.push(e))).toBe(false);
    expect(events).toEqual([]);
  });

  it('through collectDrift: a current version the trail never recorded is still out of band, a malformed line changes nothing', async () => {
    const path = join(dir, 'trail.jsonl');
    const [a] = lines(stored('v1', '2026-11-01T00:00:00Z'));
    await writeFile(path, `${a}\nnot json\nnull\n`);
    const manifest = testManifest('app-key', {
      backend: { kind: 'aws-secrets-manager', name: NAME, region: 'eu-west-1' },
    });
    const listing = (versions: Record<string, string[]>): VaultLister => ({
      listPage: () =>
        Promise.resolve({
          secrets: [
            {
              name: NAME,
              region: 'eu-west-1',
              tags: { 'docugen-secrets/id': 'app-key', 'docugen-secrets/owner': 'platform' },
              versions,
            },
          ],
        }),
    });
    const kinds = async (versions: Record<string, string[]>): Promise<unknown[]> => {
      const input = await collectDrift(
        { vault: listing(versions), audit: auditReader(path) },
        [{ manifest, file: 'secrets-manifests/app-key.yaml' }],
        NOW,
      );
      return detectDrift(input).findings.map((f) => [f.ruleId, f.properties?.['kind']]);
    };
    expect(await kinds({ v1: ['AWSCURRENT'] })).toEqual([]);
    expect(await kinds({ v1: ['AWSPREVIOUS'], hand: ['AWSCURRENT'] })).toEqual([['DRIFT003', 'out-of-band-current']]);
  });
});
