import { describe, expect, it } from 'vitest';
import { decryptText, encryptDocument, isSopsError, parseIdentities, type SopsErrorCode } from '../src/index.js';
import { newIdentity, seededRandom } from './helpers.js';

/** A file shaped like the sops CLI's own test files: nested maps, a list of maps, one value clear by suffix. */
const SAMPLE = `some:
    deep:
        nested:
            object: structure
            arrays:
                - alpha
                - values:
                    and: objects
    notsodeep: shallow
    note_unencrypted: left in clear
and now:
    some:
        - basic: false
        - nested: 12345
        - type: 1.2345
        - tests: Finish!
`;
const me = await newIdentity();
const other = await newIdentity();
const text = await encryptDocument(SAMPLE, {
  format: 'yaml',
  recipients: [me.recipient],
  now: new Date('2022-04-03T17:25:24Z'),
  random: seededRandom(5),
});
const FILE = 'secrets/app.enc.yaml';
const CANARY = 'canary-Zq9-never-print-me';

async function failure(
  text: string,
  keys = me.secret,
  ignoreMac = false,
): Promise<{ code: SopsErrorCode; message: string }> {
  const ids = await parseIdentities(keys, 'keys');
  const err = await decryptText(text, { format: 'yaml', identities: ids, file: FILE, ignoreMac }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSopsError(err)) throw new Error(`expected a SopsError, got ${String(err)}`);
  expect(err.message).toContain(FILE);
  expect(err.message).not.toContain('structure'); // a decrypted value of the file
  expect(err.message).not.toContain(CANARY);
  expect(err.message).not.toMatch(/\n\s+at /); // no stack trace text
  return { code: err.code, message: err.message };
}

const replaceToken = (find: RegExp, fn: (m: string, a: string, c: string) => string): string => text.replace(find, fn);

describe('bad input: one distinct code each, file and value path named, no value', () => {
  it('wrong key: a matching recipient whose enc does not open', async () => {
    const corrupt = text.replace(
      /(-----BEGIN AGE ENCRYPTED FILE-----\n\s+)(\S{60})/,
      (_m, a: string, b: string) => `${a}${b.slice(0, 50)}${b[50] === 'A' ? 'B' : 'A'}${b.slice(51)}`,
    );
    expect((await failure(corrupt)).code).toBe('SOPS_WRONG_KEY');
  });

  it('no matching recipient', async () => {
    expect((await failure(text, other.secret)).code).toBe('SOPS_NO_MATCHING_RECIPIENT');
  });

  it('no identity at all', async () => {
    expect((await failure(text, '')).code).toBe('SOPS_NO_IDENTITY');
  });

  it('tampered ciphertext', async () => {
    const t = replaceToken(
      /(object: ENC\[AES256_GCM,data:)(.)/,
      (_m, a: string, c: string) => `${a}${c === 'Y' ? 'Z' : 'Y'}`,
    );
    const f = await failure(t);
    expect(f.code).toBe('SOPS_VALUE_TAMPERED');
    expect(f.message).toContain('["some"]["deep"]["nested"]["object"]');
  });

  it('a value moved to another key (AAD) fails authentication', async () => {
    const t = text.replace('notsodeep:', 'notsodeeq:');
    expect((await failure(t)).code).toBe('SOPS_VALUE_TAMPERED');
  });

  it('a value replaced by clear text', async () => {
    const t = text.replace(/notsodeep: ENC\[[^\]]*\]/, `notsodeep: ${CANARY}`);
    const f = await failure(t);
    expect(f.code).toBe('SOPS_VALUE_NOT_ENCRYPTED');
    expect(f.message).toContain('["some"]["notsodeep"]');
  });

  it('reordered keys break the MAC', async () => {
    const lines = text.split('\n');
    const a = lines.findIndex((l) => l.includes('- basic:'));
    const b = lines.findIndex((l) => l.includes('- tests:'));
    [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
    // moving list items keeps the AAD (list indices are not in it), so only the MAC notices;
    // trying the orders of that list's items back proves it was a reordering, not an edit
    const f = await failure(lines.join('\n'));
    expect(f.code).toBe('SOPS_KEYS_REORDERED');
    expect(f.message).toMatch(/\["\w+"\]/);
  });

  it('missing and empty MAC', async () => {
    expect((await failure(text.replace(/\n\s+mac: ENC\[[^\]]*\]/, ''))).code).toBe('SOPS_MAC_MISSING');
    expect((await failure(text.replace(/mac: ENC\[[^\]]*\]/, 'mac: ""'))).code).toBe('SOPS_MAC_MISSING');
  });

  it('ignoreMac accepts a missing MAC but not a tampered value', async () => {
    const ids = me.ids;
    await expect(
      decryptText(text.replace(/mac: ENC\[[^\]]*\]/, 'mac: ""'), { format: 'yaml', identities: ids, ignoreMac: true }),
    ).resolves.toBeDefined();
    const t = replaceToken(
      /(object: ENC\[AES256_GCM,data:)(.)/,
      (_m, a: string, c: string) => `${a}${c === 'Y' ? 'Z' : 'Y'}`,
    );
    expect((await failure(t, me.secret, true)).code).toBe('SOPS_VALUE_TAMPERED');
  });

  it('altered lastmodified breaks the MAC', async () => {
    expect((await failure(text.replace('2022-04-03T17:25:24Z', '2022-04-03T17:25:25Z'))).code).toBe(
      'SOPS_MAC_MISMATCH',
    );
  });

  it('truncated token', async () => {
    const t = text.replace(/(object: ENC\[AES256_GCM,data:[^,]*,iv:[^,]*),tag:[^\]]*\]/, '$1');
    const f = await failure(t);
    expect(f.code).toBe('SOPS_MALFORMED_TOKEN');
    expect(f.message).toContain('["some"]["deep"]["nested"]["object"]');
    expect((await failure(text.replace(/(object: ENC\[AES256_GCM,data:\w+)/, '$1%%'))).code).toBe(
      'SOPS_MALFORMED_TOKEN',
    );
  });

  it('unknown cipher and unknown type', async () => {
    expect((await failure(text.replace('object: ENC[AES256_GCM,', 'object: ENC[CHACHA20,'))).code).toBe(
      'SOPS_UNKNOWN_CIPHER',
    );
    expect((await failure(text.replace(/(object: ENC\[[^\]]*)type:str\]/, '$1type:blob]'))).code).toBe(
      'SOPS_UNKNOWN_VALUE_TYPE',
    );
  });

  it('malformed metadata', async () => {
    expect((await failure(text.replace('lastmodified: "2022-04-03T17:25:24Z"', 'lastmodified: yesterday'))).code).toBe(
      'SOPS_MALFORMED_METADATA',
    );
    expect(
      (
        await failure(
          text.replace('unencrypted_suffix: _unencrypted', 'unencrypted_suffix: _u\n    encrypted_regex: x'),
        )
      ).code,
    ).toBe('SOPS_MALFORMED_METADATA');
    expect((await failure(text.replace(/ {4}age:\n(?: {8}.*\n| {12}.*\n)+/, '    age: []\n'))).code).toBe(
      'SOPS_MALFORMED_METADATA',
    );
  });

  it('not a sops file, and unparsable YAML', async () => {
    expect((await failure(`a: ${CANARY}\n`)).code).toBe('SOPS_NOT_ENCRYPTED');
    const f = await failure(`a: [${CANARY}\nb: {`);
    expect(f.code).toBe('SOPS_PARSE_ERROR');
  });

  it('encrypting an encrypted file is refused', async () => {
    const err = await encryptDocument(text, {
      format: 'yaml',
      recipients: ['age1djllw2pzuprrqc0en5m8vc8k5ge3tm0f6g7cj0c0glfzp44vdc4ql8ngvu'],
      now: new Date(0),
      random: seededRandom(),
    }).catch((e: unknown) => e);
    expect(isSopsError(err, 'SOPS_ALREADY_ENCRYPTED')).toBe(true);
  });

  it('identities never print their secret', async () => {
    const [id] = me.ids;
    const secret = me.secret;
    expect(String(id)).not.toContain(secret);
    expect(JSON.stringify(id)).not.toContain(secret);
    const { inspect } = await import('node:util');
    expect(inspect(id)).not.toContain(secret);
    expect(id?.recipient).toBe(me.recipient);
  });
});
