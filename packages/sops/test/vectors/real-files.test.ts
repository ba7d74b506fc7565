import { describe, expect, it } from 'vitest';
import { decryptText, isSopsError, plainValue, rotateDataKey, setValue } from '../../src/index.js';
import { seededRandom } from '../helpers.js';
import { haveVectors, identitiesOf, loadVectors, suiteTitle } from './vectors.js';

const vectors = loadVectors();
const base = { now: new Date('2025-03-04T05:06:07.890Z'), random: seededRandom(11) } as const;
const code = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (e: unknown) => (isSopsError(e) ? e.code : String(e)),
  );
const vector = (name: string): NonNullable<(typeof vectors)[number]> => {
  const v = vectors.find((x) => x.name === name);
  if (!v) throw new Error(`vector ${name} missing`);
  return v;
};

describe.skipIf(!haveVectors)(suiteTitle('operations on files the real sops wrote'), () => {
  it('rotate refuses files that also hold PGP keys', async () => {
    const v = vector('sops-nix-yaml-age-pgp');
    expect(await code(rotateDataKey(v.text, { format: 'yaml', identities: await identitiesOf(v), ...base }))).toBe(
      'SOPS_UNSUPPORTED',
    );
  });

  for (const name of ['cdk-json-complex', 'humphd-sops-age-env', 'flux-yaml-encrypted-regex']) {
    it(`setValue on ${name} changes the value, lastmodified and the MAC only`, async () => {
      const v = vector(name);
      const ids = await identitiesOf(v);
      const path =
        v.format === 'dotenv'
          ? ['another_secret']
          : v.format === 'json'
            ? ['with', 'TestValue2']
            : ['stringData', 'key'];
      const out = await setValue(v.text, path, 'new-value', ids, { format: v.format, ...base });
      const diff = v.text.split('\n').filter((l, i) => l !== out.split('\n')[i]);
      expect(diff.length).toBe(3); // the value, lastmodified, mac
      const res = await decryptText(out, { format: v.format, identities: ids });
      let node: unknown = plainValue(res);
      for (const p of path) node = (node as Record<string, unknown>)[p];
      expect(node).toBe('new-value');
    });
  }
});
