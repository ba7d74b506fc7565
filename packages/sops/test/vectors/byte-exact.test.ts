import type { RandomSource } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import { openFile } from '../../src/ops/open.js';
import { reencrypt } from '../../src/ops/reencrypt.js';
import {
  detectLayout,
  emitDocuments,
  parseDocuments,
  setValue,
  decryptText,
  toPlain,
  type Node,
} from '../../src/index.js';
import { haveVectors, identitiesOf, loadVectors, suiteTitle } from './vectors.js';

/** Every IV must come from the decryption stash: any call for fresh randomness fails the test. */
const noRandom: RandomSource = {
  bytes: () => {
    throw new Error('fresh randomness requested: an IV was not reused');
  },
  uuid: () => {
    throw new Error('unexpected uuid');
  },
};

// rops-ref-* were re-emitted by another tool (indentless lists, unquoted lastmodified): not sops layout.
const genuine = loadVectors().filter((v) => v.result.result === 'OK' && !v.name.startsWith('rops-'));

describe.skipIf(!haveVectors)(
  suiteTitle('re-encrypting a vector with its original IVs reproduces it byte for byte'),
  () => {
    it('covers the YAML, JSON, binary and dotenv vectors', () => {
      expect(new Set(genuine.map((v) => v.format))).toEqual(new Set(['yaml', 'json', 'binary', 'dotenv']));
      expect(genuine.filter((v) => v.format === 'yaml').length).toBeGreaterThanOrEqual(8);
    });

    for (const v of genuine) {
      it(v.name, async () => {
        const f = await openFile(v.text, { format: v.format, identities: await identitiesOf(v) });
        const out = reencrypt(f, f.plain, { now: new Date(f.metadata.lastModified), random: noRandom });
        expect(out).toBe(v.text);
      });
    }

    for (const v of genuine.filter((x) => x.format === 'yaml' || x.format === 'json')) {
      it(`${v.name}: parse + emit of the encrypted file is the identity`, () => {
        expect(emitDocuments(parseDocuments(v.text, v.format), v.format, detectLayout(v.text, v.format))).toBe(v.text);
      });
    }
  },
);

describe.skipIf(!haveVectors)(suiteTitle('setValue keeps every other token byte-identical'), () => {
  const v = genuine.find((x) => x.name === 'cdk-yaml-complex');
  it('changes one value line, the MAC and lastmodified only', async () => {
    if (!v) throw new Error('vector missing');
    const ids = await identitiesOf(v);
    const out = await setValue(v.text, ['some', 'notsodeep'], 'rotated-value', ids, {
      format: 'yaml',
      now: new Date('2025-01-02T03:04:05Z'),
      random: noRandomAfter(2),
    });
    const before = v.text.split('\n');
    const after = out.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((l, i) => (l === after[i] ? [] : [l.trim().split(':')[0]]));
    expect(changed).toEqual(['notsodeep', 'lastmodified', 'mac']);
    const dec = await decryptText(out, { format: 'yaml', identities: ids });
    expect((toPlain(dec.documents[0] as Node) as { some: { notsodeep: string } }).some.notsodeep).toBe('rotated-value');
  });
});

/** Allows `n` fresh 32-byte IVs (the changed value and the new MAC), then fails. */
function noRandomAfter(n: number): RandomSource {
  let left = n;
  return {
    bytes: (k) => {
      if (left-- <= 0) throw new Error('too many fresh IVs');
      return new Uint8Array(k).fill(7);
    },
    uuid: () => '',
  };
}
