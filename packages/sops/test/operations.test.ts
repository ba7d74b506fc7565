import { describe, expect, it } from 'vitest';
import {
  decryptText,
  encryptDocument,
  isSopsError,
  matchCreationRule,
  parseSopsConfig,
  plainValue,
  rotateDataKey,
  updateKeys,
} from '../src/index.js';
import { combineShares, splitSecret } from '../src/shamir.js';
import { newIdentity, seededRandom } from './helpers.js';

const [a, b, c] = await Promise.all([newIdentity(), newIdentity(), newIdentity()]);
const A = a.ids;
const B = b.ids;
const C = c.ids;
const rA = a.recipient;
const rB = b.recipient;
const rC = c.recipient;
const NOW = new Date('2025-03-04T05:06:07.890Z');
const base = { now: NOW, random: seededRandom(11) } as const;

const code = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (e: unknown) => (isSopsError(e) ? e.code : String(e)),
  );

describe('encrypt', () => {
  it('writes sops 3.13 metadata: sorted keys, enc before recipient, quoted lastmodified, one stanza per recipient', async () => {
    const out = await encryptDocument('a: 1\n', { format: 'yaml', recipients: [rA, rB], ...base });
    const meta = out.slice(out.indexOf('sops:'));
    expect(meta).toMatch(/^sops:\n {4}age:\n {8}- enc: \|\n {12}-----BEGIN AGE ENCRYPTED FILE-----\n/);
    expect([...meta.matchAll(/^ {4}(\w+):/gm)].map((m) => m[1])).toEqual([
      'age',
      'lastmodified',
      'mac',
      'unencrypted_suffix',
      'version',
    ]);
    expect(meta).toContain('lastmodified: "2025-03-04T05:06:07Z"');
    expect(meta.match(/BEGIN AGE ENCRYPTED FILE/g)).toHaveLength(2);
    expect(meta).toMatch(/version: 3\.13\.2\n$/);
    expect(plainValue(await decryptText(out, { format: 'yaml', identities: B }))).toEqual({ a: 1 });
  });

  it('multi-document YAML: metadata on every document, one MAC over all', async () => {
    const out = await encryptDocument('a: x\n---\nb: y\n', { format: 'yaml', recipients: [rA], ...base });
    const docs = out.split(/^---\n/m);
    expect(docs).toHaveLength(2);
    expect(docs[1]?.slice(docs[1].indexOf('sops:'))).toBe(docs[0]?.slice(docs[0].indexOf('sops:')));
    const res = await decryptText(out, { format: 'yaml', identities: A });
    expect(res.documents.map((d) => d.items.length)).toEqual([1, 1]);
    const swapped = `${docs[1] ?? ''}---\n${docs[0] ?? ''}`;
    expect(await code(decryptText(swapped, { format: 'yaml', identities: A }))).toBe('SOPS_KEYS_REORDERED');
  });

  it('encrypts comments (maps and lists) and keeps them out of the MAC', async () => {
    const out = await encryptDocument('# top\nlist:\n    # about b\n    - b\nk: v\n', {
      format: 'yaml',
      recipients: [rA],
      ...base,
    });
    expect(out).toMatch(
      /^#ENC\[AES256_GCM,data:.*type:comment\]\nlist:\n {4}- ENC\[.*type:comment\]\n {4}- ENC\[.*type:str\]/,
    );
    const res = await decryptText(out, { format: 'yaml', identities: A });
    expect(res.documents[0]?.items[0]).toEqual({ kind: 'comment', text: ' top' });
    expect(res.documents[0]?.items[1]).toMatchObject({
      key: 'list',
      value: {
        items: [
          { kind: 'comment', text: ' about b' },
          { kind: 'str', value: 'b' },
        ],
      },
    });
  });

  it('rules: encrypted_regex leaves other values clear (and in the MAC)', async () => {
    const out = await encryptDocument('kind: Secret\nstringData:\n    token: t\n', {
      format: 'yaml',
      recipients: [rA],
      rule: { kind: 'encrypted_regex', value: '^(data|stringData)$' },
      ...base,
    });
    expect(out).toContain('kind: Secret\n');
    expect(out).toMatch(/token: ENC\[/);
    expect(out).toContain('encrypted_regex: ^(data|stringData)$');
    expect(await code(decryptText(out.replace('kind: Secret', 'kind: Other'), { format: 'yaml', identities: A }))).toBe(
      'SOPS_MAC_MISMATCH',
    );
  });

  it('mac_only_encrypted: clear values may change, encrypted ones may not', async () => {
    const out = await encryptDocument('name_unencrypted: a\npass: b\n', {
      format: 'yaml',
      recipients: [rA],
      macOnlyEncrypted: true,
      ...base,
    });
    expect(out).toContain('mac_only_encrypted: true');
    expect(
      plainValue(
        await decryptText(out.replace('name_unencrypted: a', 'name_unencrypted: changed'), {
          format: 'yaml',
          identities: A,
        }),
      ),
    ).toEqual({ name_unencrypted: 'changed', pass: 'b' });
  });

  it('refuses non-age recipients clearly', async () => {
    expect(
      await code(encryptDocument('a: 1\n', { format: 'yaml', recipients: ['ssh-ed25519 AAAAC3Nza'], ...base })),
    ).toBe('SOPS_UNSUPPORTED');
    expect(await code(encryptDocument('a: 1\n', { format: 'yaml', recipients: ['age1notvalid'], ...base }))).toBe(
      'SOPS_INVALID_RECIPIENT',
    );
    expect(await code(encryptDocument('a: 1\n', { format: 'yaml', recipients: [], ...base }))).toBe(
      'SOPS_NO_MATCHING_RECIPIENT',
    );
  });
});

describe('key groups (Shamir)', () => {
  it('split/combine round-trips for any threshold subset', () => {
    const secret = seededRandom(3).bytes(32);
    const shares = splitSecret(secret, 3, 2, seededRandom(4));
    expect(shares.every((s) => s.length === 33)).toBe(true);
    for (const pair of [
      [0, 1],
      [1, 2],
      [0, 2],
    ] as const)
      expect(combineShares([shares[pair[0]] as Uint8Array, shares[pair[1]] as Uint8Array])).toEqual(secret);
  });

  it('decrypts with shares from `threshold` groups, refuses with fewer', async () => {
    const out = await encryptDocument('a: 1\n', {
      format: 'yaml',
      keyGroups: [[rA], [rB], [rC]],
      shamirThreshold: 2,
      ...base,
    });
    expect(out).toContain('key_groups:');
    expect(out).toContain('shamir_threshold: 2');
    expect(plainValue(await decryptText(out, { format: 'yaml', identities: [...A, ...C] }))).toEqual({ a: 1 });
    expect(await code(decryptText(out, { format: 'yaml', identities: B }))).toBe('SOPS_NOT_ENOUGH_SHARES');
  });
});

describe('updatekeys and rotate', () => {
  it('updateKeys adds and removes recipients; values, MAC and lastmodified stay byte-identical', async () => {
    const out = await encryptDocument('a: 1\nb: two\n', { format: 'yaml', recipients: [rA], ...base });
    const same = await updateKeys(out, { format: 'yaml', identities: A, keyGroups: [[rA]], random: seededRandom(1) });
    expect(same.changed).toBe(false);
    const up = await updateKeys(out, { format: 'yaml', identities: A, keyGroups: [[rB, rC]], random: seededRandom(1) });
    expect(up).toMatchObject({ changed: true, added: [rB, rC], removed: [rA] });
    const keep = (t: string): string[] => t.split('\n').filter((l) => /^(a|b):|lastmodified|mac:/.test(l.trim()));
    expect(keep(up.text)).toEqual(keep(out));
    expect(plainValue(await decryptText(up.text, { format: 'yaml', identities: C }))).toEqual({ a: 1, b: 'two' });
    expect(await code(decryptText(up.text, { format: 'yaml', identities: A }))).toBe('SOPS_NO_MATCHING_RECIPIENT');
  });

  it('rotateDataKey re-encrypts every value under a new key and drops removed recipients', async () => {
    const out = await encryptDocument('a: 1\nb: two\n', { format: 'yaml', recipients: [rA, rB], ...base });
    const rot = await rotateDataKey(out, {
      format: 'yaml',
      identities: A,
      now: new Date('2025-04-01T00:00:00Z'),
      random: seededRandom(99),
      removeRecipients: [rB],
      addRecipients: [rC],
    });
    const tokens = (t: string): string[] => [...t.matchAll(/data:([^,]*)/g)].map((m) => m[1] ?? '');
    expect(tokens(rot).filter((x) => tokens(out).includes(x))).toEqual([]);
    expect(plainValue(await decryptText(rot, { format: 'yaml', identities: C }))).toEqual({ a: 1, b: 'two' });
    expect(await code(decryptText(rot, { format: 'yaml', identities: B }))).toBe('SOPS_NO_MATCHING_RECIPIENT');
  });
});

describe('.sops.yaml', () => {
  const cfg = parseSopsConfig(
    `creation_rules:
  - path_regex: secrets/prod/.*\\.yaml$
    encrypted_regex: ^(data|stringData)$
    key_groups:
      - age: [${rA}]
      - age:
          - ${rB}
    shamir_threshold: 2
  - path_regex: \\.env$
    age: ${rA}, ${rB}
  - age: ${rC}
stores:
  yaml:
    indent: 2
`,
    '.sops.yaml',
  );

  it('first matching path_regex wins, relative to the config folder', () => {
    const prod = matchCreationRule(cfg, '/repo/secrets/prod/app.yaml', '/repo');
    expect(prod).toMatchObject({
      keyGroups: [[rA], [rB]],
      shamirThreshold: 2,
      rule: { kind: 'encrypted_regex', value: '^(data|stringData)$' },
    });
    expect(matchCreationRule(cfg, '/repo/app.env', '/repo').keyGroups).toEqual([[rA, rB]]);
    expect(matchCreationRule(cfg, '/elsewhere/x.json', '/repo').keyGroups).toEqual([[rC]]);
    expect(cfg.yamlIndent).toBe(2);
  });

  it('no match, the path_regexp typo and two rules are errors', () => {
    const only = parseSopsConfig('creation_rules:\n  - path_regex: ^nope$\n    age: x\n');
    expect(() => matchCreationRule(only, '/r/a.yaml', '/r')).toThrow(
      expect.objectContaining({ code: 'SOPS_NO_CREATION_RULE' }),
    );
    expect(() => parseSopsConfig('creation_rules:\n  - path_regexp: a\n')).toThrow(
      expect.objectContaining({ code: 'SOPS_CONFIG_INVALID' }),
    );
    expect(() => parseSopsConfig('creation_rules:\n  - encrypted_regex: a\n    unencrypted_suffix: b\n')).toThrow(
      expect.objectContaining({ code: 'SOPS_CONFIG_INVALID' }),
    );
    expect(() => parseSopsConfig('creation_rules:\n  - path_regex: (?=x)\n')).toThrow(
      expect.objectContaining({ code: 'SOPS_INVALID_RULE' }),
    );
  });
});
