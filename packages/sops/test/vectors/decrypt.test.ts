import { describe, expect, it } from 'vitest';
import { decryptText, isSopsError, toPlain, type Node } from '../../src/index.js';
import { haveVectors, identitiesOf, loadVectors, suiteTitle } from './vectors.js';

const vectors = loadVectors();

/** RESULT.json stores binary data as a string. */
function comparable(node: Node): unknown {
  const plain = toPlain(node) as Record<string, unknown>;
  if (plain['data'] instanceof Uint8Array) plain['data'] = Buffer.from(plain['data']).toString('utf8');
  return plain;
}

describe.skipIf(!haveVectors)(suiteTitle('sops vectors: files written by the real sops CLI'), () => {
  it('finds every vector', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(17);
  });

  for (const v of vectors.filter((x) => x.result.result === 'OK')) {
    it(`${v.name} decrypts to RESULT.json with the MAC verified`, async () => {
      const res = await decryptText(v.text, { format: v.format, identities: await identitiesOf(v), file: v.name });
      expect(res.documents).toHaveLength(1);
      expect(comparable(res.documents[0] as Node)).toEqual(v.result.decrypted);
      expect(res.metadata.mac).not.toBe('');
    });
  }

  it('the tampered vector fails with the tamper code and names the value path', async () => {
    const v = vectors.find((x) => x.name === 'isindir-01-tampered');
    if (!v) throw new Error('tampered vector missing');
    const err = await decryptText(v.text, {
      format: v.format,
      identities: await identitiesOf(v),
      file: '01-test-secrets.yaml',
    }).catch((e: unknown) => e);
    expect(isSopsError(err, 'SOPS_VALUE_TAMPERED')).toBe(true);
    expect((err as Error).message).toContain('01-test-secrets.yaml');
    expect((err as Error).message).toContain('["spec"]["secretTemplates"][0]["stringData"]["username"]');
  });
});
