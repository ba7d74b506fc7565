import { describe, expect, it } from 'vitest';
import { shannonEntropy } from '../src/index.js';

describe('shannonEntropy (gitleaks detect.shannonEntropy)', () => {
  it.each([
    ['', 0],
    ['aaaa', 0],
    ['ab', 1],
    ['abcd', 2],
    ['abcdefgh', 3],
    ['0123456789abcdef', 4],
    // 8 symbols once and 4 twice over 16 characters: exactly 3.5 bits
    ['01234567' + '8899AABB', 3.5],
  ])('%j → %d bits/char', (s, bits) => {
    expect(shannonEntropy(s)).toBeCloseTo(bits, 12);
  });

  it('divides by the UTF-8 byte length, as gitleaks does', () => {
    // one code point, two bytes: frequency 1/2 → 0.5 bits
    expect(shannonEntropy('é')).toBeCloseTo(0.5, 12);
  });

  it('is order independent', () => {
    expect(shannonEntropy('aabbbc')).toBeCloseTo(shannonEntropy('bcabab'), 12);
  });
});
