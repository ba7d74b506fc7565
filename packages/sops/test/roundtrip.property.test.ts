import fc from 'fast-check';
import { createRequire } from 'node:module';
import type * as YamlLib from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  decryptText,
  emitDocuments,
  encryptDocument,
  parseDocuments,
  type MapNode,
  type SopsFormat,
} from '../src/index.js';
import { parseYamlFallback } from '../src/formats/yaml-fallback.js';
import { docArb, norm, textArb } from './arbitraries.js';
import { newIdentity, seededRandom } from './helpers.js';

const { recipient: RECIPIENT, ids } = await newIdentity();
const NOW = new Date('2025-06-01T12:00:00Z');
const require = createRequire(import.meta.url);
const YAML = require('yaml') as typeof YamlLib;

async function roundTrip(doc: MapNode, format: SopsFormat, seed: number, macOnlyEncrypted = false): Promise<MapNode> {
  const text = await encryptDocument([doc], {
    format,
    recipients: [RECIPIENT],
    now: NOW,
    random: seededRandom(seed),
    macOnlyEncrypted,
  });
  const res = await decryptText(text, { format, identities: ids });
  return res.documents[0] as MapNode;
}

describe('decrypt(encrypt(doc)) == doc', () => {
  it('YAML: nested maps, lists, every scalar type, comments, odd strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        docArb({ comments: true, nonFinite: true }),
        fc.integer({ min: 1 }),
        fc.boolean(),
        async (doc, seed, macOnly) => {
          expect(norm(await roundTrip(doc, 'yaml', seed, macOnly))).toEqual(norm(doc));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('JSON', async () => {
    await fc.assert(
      fc.asyncProperty(docArb({}), fc.integer({ min: 1 }), async (doc, seed) => {
        expect(norm(await roundTrip(doc, 'json', seed))).toEqual(norm(doc));
      }),
      { numRuns: 100 },
    );
  });

  it('dotenv (flat strings; `\\n` is its only escape)', async () => {
    const key = fc
      .string({ minLength: 1, maxLength: 10 })
      .filter((k) => !/[=\n]/.test(k) && !k.startsWith('#') && !k.startsWith('sops_'));
    const value = fc.string({ maxLength: 20 }).filter((s) => !s.includes('\\n'));
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(key, value), { minLength: 1, maxLength: 6, selector: ([k]) => k }),
        fc.integer({ min: 1 }),
        async (pairs, seed) => {
          const doc: MapNode = {
            kind: 'map',
            items: pairs.map(([k, s]) => ({ kind: 'entry', key: k, value: { kind: 'str', value: s } })),
          };
          expect(norm(await roundTrip(doc, 'dotenv', seed))).toEqual(norm(doc));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('binary: arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        const text = await encryptDocument(bytes, {
          format: 'binary',
          recipients: [RECIPIENT],
          now: NOW,
          random: seededRandom(3),
        });
        const res = await decryptText(text, { format: 'binary', identities: ids });
        const data = res.documents[0]?.items[0];
        expect(
          data?.kind === 'entry' &&
            (data.value.kind === 'bytes'
              ? Buffer.from(data.value.value)
              : Buffer.from(data.value.kind === 'str' ? data.value.value : '')),
        ).toEqual(Buffer.from(bytes));
      }),
      { numRuns: 40 },
    );
  });
});

describe('YAML writer and readers agree', () => {
  it('emit → fast reader and emit → yaml-package reader give the same tree', () => {
    fc.assert(
      fc.property(docArb({ comments: true, nonFinite: true }), fc.constantFrom(2, 4), (doc, indent) => {
        const text = emitDocuments([doc], 'yaml', { yamlIndent: indent, jsonIndent: '\t', finalNewline: true });
        const fast = parseDocuments(text, 'yaml');
        const slow = parseYamlFallback(text);
        expect(norm(fast[0] as MapNode)).toEqual(norm(slow[0] as MapNode));
        // floats written without a fraction read back as ints (go-yaml does the same); compare numerically
        const numeric = (x: unknown): unknown =>
          JSON.parse(
            JSON.stringify(x, (_k, val: unknown) =>
              Array.isArray(val) && (val[0] === 'float' || val[0] === 'int') && val.length === 2
                ? ['num', String(Number(val[1]))]
                : val,
            ),
          );
        expect(numeric(norm(fast[0] as MapNode))).toEqual(numeric(norm(doc)));
      }),
      { numRuns: 300 },
    );
  });

  it('every string written as a value reads back as the same string in an independent YAML 1.2 parser', () => {
    // `<<` is the exception: go-yaml writes it `!!merge <<`, which YAML 1.2 parsers read as a merge key.
    fc.assert(
      fc.property(
        textArb.filter((s) => s !== '<<'),
        textArb.filter((k) => k !== '' && k !== '<<'),
        (s, k) => {
          const text = emitDocuments(
            [{ kind: 'map', items: [{ kind: 'entry', key: k, value: { kind: 'str', value: s } }] }],
            'yaml',
          );
          const parsed = YAML.parse(text, { version: '1.2' }) as Record<string, unknown>;
          expect(Object.keys(parsed)).toEqual([k]);
          expect(parsed[k]).toBe(s);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
