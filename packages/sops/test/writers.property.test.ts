import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decryptText,
  encryptDocument,
  isSopsError,
  rotateDataKey,
  setValue,
  updateKeys,
  type MapNode,
  type PathStep,
  type SopsFormat,
} from '../src/index.js';
import { emitEncrypted } from '../src/ops/emit.js';
import { DEFAULT_LAYOUT } from '../src/formats/index.js';
import { docArb, keyArb, norm, scalarArb } from './arbitraries.js';
import { newIdentity, seededRandom } from './helpers.js';

// Issue 13 item 1: no writer may produce a file its own reader rejects. Every
// write either is refused with a coded error, or gives a text that decrypts
// (MAC verified) to what was meant. Paths into the metadata (`["sops"]…`,
// dotenv's `sops_…` keys) and plaintexts holding a top-level `sops` key are
// the inputs that used to break this.

const { recipient: RECIPIENT, ids } = await newIdentity();
const { recipient: OTHER } = await newIdentity();
const NOW = new Date('2025-06-01T12:00:00Z');

const metaStep = fc.constantFrom<PathStep>('sops', 'mac', 'age', 'lastmodified', 'version', 0, 1);
/** Key paths biased towards the metadata: `["sops"]…` about half the time. */
const pathArb = fc
  .tuple(fc.oneof(fc.constant('sops'), keyArb({})), fc.array(fc.oneof(metaStep, keyArb({})), { maxLength: 3 }))
  .map(([first, rest]): PathStep[] => [first, ...rest]);

async function encrypted(doc: MapNode, format: SopsFormat, seed: number): Promise<string> {
  return encryptDocument([doc], { format, recipients: [RECIPIENT], now: NOW, random: seededRandom(seed) });
}

/** Either a coded refusal, or a text that decrypts and whose first document `check` accepts. */
async function refusedOrReadable(
  write: () => Promise<string>,
  format: SopsFormat,
  check: (doc: MapNode) => void = () => undefined,
): Promise<void> {
  let text: string;
  try {
    text = await write();
  } catch (err) {
    expect(isSopsError(err), String(err)).toBe(true);
    return;
  }
  const back = await decryptText(text, { format, identities: ids });
  check(back.documents[0] as MapNode);
}

describe('every write is read back by the reader', () => {
  it('setValue at any key path, metadata paths included (YAML, JSON)', async () => {
    await fc.assert(
      fc.asyncProperty(
        docArb({}),
        pathArb,
        scalarArb({}),
        fc.constantFrom<SopsFormat>('yaml', 'json'),
        fc.integer({ min: 1 }),
        async (doc, path, value, format, seed) => {
          const text = await encrypted(doc, format, seed);
          await refusedOrReadable(
            () => setValue(text, path, value, ids, { format, now: NOW, random: seededRandom(seed + 1) }),
            format,
          );
        },
      ),
      { numRuns: 80 },
    );
  });

  it('setValue refuses a path into the metadata with SOPS_RESERVED_KEY (dotenv: `sops_…` keys)', async () => {
    const yaml = await encrypted(
      { kind: 'map', items: [{ kind: 'entry', key: 'a', value: { kind: 'str', value: 'x' } }] },
      'yaml',
      1,
    );
    for (const path of [['sops'], ['sops', 'mac'], ['sops', 'age', 0, 'recipient']]) {
      const err = await setValue(yaml, path, 'x', ids, { format: 'yaml', now: NOW, random: seededRandom(2) }).catch(
        (e: unknown) => e,
      );
      expect(isSopsError(err, 'SOPS_RESERVED_KEY'), String(err)).toBe(true);
    }
    const env = await encrypted(
      { kind: 'map', items: [{ kind: 'entry', key: 'A', value: { kind: 'str', value: 'x' } }] },
      'dotenv',
      1,
    );
    const err = await setValue(env, ['sops_mac'], 'x', ids, {
      format: 'dotenv',
      now: NOW,
      random: seededRandom(2),
    }).catch((e: unknown) => e);
    expect(isSopsError(err, 'SOPS_RESERVED_KEY'), String(err)).toBe(true);
  });

  it('encryptDocument of a plaintext that may hold a top-level `sops` key: refused, or decrypts to the input', async () => {
    const withSops = fc
      .tuple(docArb({}), fc.boolean(), scalarArb({}))
      .map(([doc, add, v]): MapNode =>
        add ? { kind: 'map', items: [...doc.items, { kind: 'entry', key: 'sops', value: v }] } : doc,
      );
    await fc.assert(
      fc.asyncProperty(
        withSops,
        fc.constantFrom<SopsFormat>('yaml', 'json'),
        fc.integer({ min: 1 }),
        async (doc, format, seed) => {
          await refusedOrReadable(
            () => encrypted(doc, format, seed),
            format,
            (back) => {
              expect(norm(back)).toEqual(norm(doc));
            },
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('updateKeys and rotateDataKey keep the file readable', async () => {
    await fc.assert(
      fc.asyncProperty(
        docArb({}),
        fc.constantFrom<SopsFormat>('yaml', 'json'),
        fc.integer({ min: 1 }),
        async (doc, format, seed) => {
          const text = await encrypted(doc, format, seed);
          await refusedOrReadable(
            async () =>
              (
                await updateKeys(text, {
                  format,
                  identities: ids,
                  keyGroups: [[RECIPIENT, OTHER]],
                  random: seededRandom(seed + 1),
                })
              ).text,
            format,
            (back) => {
              expect(norm(back)).toEqual(norm(doc));
            },
          );
          await refusedOrReadable(
            () => rotateDataKey(text, { format, identities: ids, now: NOW, random: seededRandom(seed + 2) }),
            format,
            (back) => {
              expect(norm(back)).toEqual(norm(doc));
            },
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the shared emitter refuses reserved keys and never returns a text its reader rejects', () => {
    const meta: MapNode = {
      kind: 'map',
      items: [{ kind: 'entry', key: 'version', value: { kind: 'str', value: '3.13.2' } }],
    };
    const entryOf = (key: string): MapNode['items'][number] => ({
      kind: 'entry',
      key,
      value: { kind: 'str', value: 'v' },
    });
    const code = (f: () => unknown): unknown => {
      try {
        f();
      } catch (err) {
        return isSopsError(err) ? err.code : err;
      }
      return 'written';
    };
    expect(code(() => emitEncrypted([{ kind: 'map', items: [entryOf('sops')] }], meta, 'yaml', DEFAULT_LAYOUT))).toBe(
      'SOPS_RESERVED_KEY',
    );
    expect(
      code(() => emitEncrypted([{ kind: 'map', items: [entryOf('sops_mac')] }], meta, 'dotenv', DEFAULT_LAYOUT)),
    ).toBe('SOPS_RESERVED_KEY');
    // A duplicate key (which no caller builds today) would be a file the reader rejects: refused, not returned.
    expect(
      code(() => emitEncrypted([{ kind: 'map', items: [entryOf('a'), entryOf('a')] }], meta, 'yaml', DEFAULT_LAYOUT)),
    ).toBe('SOPS_WRITE_UNREADABLE');
  });
});
