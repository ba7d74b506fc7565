import { describe, expect, it } from 'vitest';
import { decryptText, encryptDocument, generateAgeIdentity, parseIdentities, plainValue } from '../src/index.js';
import { seededRandom } from './helpers.js';

describe('generateAgeIdentity', () => {
  it('makes a fresh X25519 identity whose recipient our parser derives too, and that decrypts what is encrypted to it', async () => {
    const a = await generateAgeIdentity();
    const b = await generateAgeIdentity();
    expect(a.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(a.recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(b.identity).not.toBe(a.identity);
    const [parsed] = await parseIdentities(`# comment\n${a.identity}\n`, 'generated');
    expect(parsed?.kind).toBe('x25519');
    expect(parsed?.recipient).toBe(a.recipient);
    const text = await encryptDocument('k: v\n', {
      format: 'yaml',
      recipients: [a.recipient],
      now: new Date('2025-01-01T00:00:00Z'),
      random: seededRandom(3),
    });
    expect(plainValue(await decryptText(text, { format: 'yaml', identities: parsed ? [parsed] : [] }))).toEqual({
      k: 'v',
    });
    expect(text).not.toContain(a.identity);
  });
});
