import { spawnSync } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { decryptSops } from 'sops-age';
import { afterAll, describe, expect, it } from 'vitest';
import { encryptDocument, parseDocuments, toPlain, getEntry, type MapNode, type SopsFormat } from '../src/index.js';
import { docArb } from './arbitraries.js';
import { newIdentity, seededRandom } from './helpers.js';

const { secret: SECRET, recipient: RECIPIENT } = await newIdentity();
const NOW = new Date('2025-06-01T12:00:00Z');
/**
 * sops-age builds plain objects, where `__proto__` & co. do not round-trip; walk
 * the tree itself (toPlain would already have swallowed a `__proto__` key).
 */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);
function safeTree(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return true;
  const n = node as { kind?: string; key?: unknown; items?: unknown[]; value?: unknown };
  if (n.kind === 'entry' && typeof n.key === 'string' && UNSAFE.has(n.key)) return false;
  return (n.items ?? []).every(safeTree) && (n.kind === 'entry' ? safeTree(n.value) : true);
}
const safeKeys = (doc: MapNode): boolean => safeTree(doc);

describe('files written here decrypt with sops-age', () => {
  for (const format of ['yaml', 'json'] as const satisfies readonly SopsFormat[]) {
    it(`${format}: random documents`, async () => {
      await fc.assert(
        fc.asyncProperty(docArb({ sopsAgeSafe: true }).filter(safeKeys), fc.integer({ min: 1 }), async (doc, seed) => {
          const text = await encryptDocument([doc], {
            format,
            recipients: [RECIPIENT],
            now: NOW,
            random: seededRandom(seed),
          });
          const theirs: unknown = await decryptSops(text, { fileType: format, secretKey: SECRET });
          expect(theirs).toEqual(toPlain(doc));
        }),
        { numRuns: 60 },
      );
    });
  }

  it('dotenv', async () => {
    const text = await encryptDocument('DB_PASSWORD=s3cr3t=with=equals\nAPI.TOKEN=abc\n', {
      format: 'dotenv',
      recipients: [RECIPIENT],
      now: NOW,
      random: seededRandom(5),
    });
    expect(await decryptSops(text, { fileType: 'env', secretKey: SECRET })).toEqual({
      DB_PASSWORD: 's3cr3t=with=equals',
      'API.TOKEN': 'abc',
    });
  });
});

function ageCliAvailable(): boolean {
  const r = spawnSync('age', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

const tmp = mkdtempSync(join(tmpdir(), 'sops-age-cli-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('the Debian age CLI opens the age stanzas written here', () => {
  const available = ageCliAvailable();
  if (!available && process.env['CI'] === 'true') {
    it('age CLI is installed (CI installs it in .ci/run)', () => {
      expect.fail('the age CLI is missing; CI must install it (apt-get install age)');
    });
    return;
  }
  if (!available)
    process.stderr.write('interop.test.ts: skipping age CLI test: `age` not installed (apt-get install age)\n');

  it.skipIf(!available)(
    'age -d recovers the data key, which decrypts a value independently of this package',
    async () => {
      const text = await encryptDocument('db:\n    password: hunter2-canary\n', {
        format: 'yaml',
        recipients: [RECIPIENT, 'age1pnmp2nq5qx9z4lpmachyn2ld07xjumn98hpeq77e4glddu96zvms9nn7c8'],
        now: NOW,
        random: seededRandom(9),
      });
      const doc = parseDocuments(text, 'yaml')[0] as MapNode;
      const sops = getEntry(doc, 'sops');
      const age = sops?.kind === 'map' ? getEntry(sops, 'age') : undefined;
      expect(age?.kind === 'seq' && age.items.length).toBe(2);
      const first = age?.kind === 'seq' ? age.items[0] : undefined;
      const enc = first?.kind === 'map' ? getEntry(first, 'enc') : undefined;
      if (enc?.kind !== 'str') throw new Error('no enc');
      expect(enc.value.split('\n').length).toBe(8); // header, 5 base64 lines, footer, final newline — as sops writes
      const keyFile = join(tmp, 'keys.txt');
      const encFile = join(tmp, 'enc.age');
      writeFileSync(keyFile, `${SECRET}\n`, { mode: 0o600 });
      writeFileSync(encFile, enc.value);
      const r = spawnSync('age', ['-d', '-i', keyFile, encFile]);
      expect(r.status, r.stderr.toString()).toBe(0);
      const dataKey = r.stdout;
      expect(dataKey.length).toBe(32);
      const m = /password: ENC\[AES256_GCM,data:([^,]*),iv:([^,]*),tag:([^,]*),type:str\]/.exec(text);
      if (!m) throw new Error('no token');
      const d = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(m[2] ?? '', 'base64'), { authTagLength: 16 });
      d.setAAD(Buffer.from('db:password:'));
      d.setAuthTag(Buffer.from(m[3] ?? '', 'base64'));
      expect(Buffer.concat([d.update(Buffer.from(m[1] ?? '', 'base64')), d.final()]).toString()).toBe('hunter2-canary');
    },
  );
});
