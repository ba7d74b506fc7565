import { describe, expect, it } from 'vitest';
import { SM005 } from '../../src/index.js';
import { manifest, paths, run } from '../helpers.js';

describe('SM005 signing keys stay published long enough', () => {
  it.each([
    { name: 'the real signing key passes', edit: {}, want: [] },
    { name: 'overlap exactly lifetime + cache passes', edit: { 'rotation.overlap': 'P7DT1H' }, want: [] },
    {
      name: 'overlap shorter than lifetime + cache fails',
      edit: { 'rotation.overlap': 'P7D' },
      want: ['rotation.overlap'],
    },
    {
      name: 'publishDelay shorter than the verifier cache fails',
      edit: { 'rotation.publishDelay': 'PT30M' },
      want: ['rotation.publishDelay'],
    },
    {
      name: 'both at once',
      edit: { 'rotation.verifierCacheTtl': 'P2D', 'rotation.overlap': 'P8D' },
      want: ['rotation.overlap', 'rotation.publishDelay'],
    },
  ])('$name', ({ edit, want }) => {
    expect(paths(run(SM005, manifest('document-signing-key', edit), {}))).toEqual(want);
  });

  it('other kinds are out of scope', () => {
    expect(run(SM005, manifest('webhook-hmac-secret', { 'rotation.overlap': 'PT5M' }), {})).toEqual([]);
  });
});
