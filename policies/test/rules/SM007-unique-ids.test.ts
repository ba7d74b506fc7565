import { describe, expect, it } from 'vitest';
import type { ManifestFacts } from '@docugen-secrets/policy-engine';
import { SM007 } from '../../src/index.js';
import { runSet } from '../helpers.js';

const f = (file: string, id?: string): ManifestFacts => (id === undefined ? { file } : { file, id });

describe('SM007 unique ids across manifests', () => {
  it.each([
    { name: 'distinct ids pass', facts: [f('a.yaml', 'a'), f('b.yaml', 'b')], want: [] },
    {
      name: 'a shared id flags every file that has it',
      facts: [f('a.yaml', 'x'), f('b.yaml', 'b'), f('sub/x.yaml', 'x')],
      want: ['a.yaml', 'sub/x.yaml'],
    },
    {
      name: 'three copies',
      facts: [f('1.yaml', 'x'), f('2.yaml', 'x'), f('3.yaml', 'x')],
      want: ['1.yaml', '2.yaml', '3.yaml'],
    },
    { name: 'files without a readable id are ignored', facts: [f('a.yaml'), f('b.yaml')], want: [] },
  ])('$name', ({ facts, want }) => {
    const vs = runSet(SM007, facts, {});
    expect(vs.map((v) => v.file)).toEqual(want);
    for (const v of vs) expect(v.at).toEqual(['id']);
  });

  it('names the other files', () => {
    expect(runSet(SM007, [f('a.yaml', 'x'), f('b.yaml', 'x')], {})[0]?.message).toBe('id x is also used by b.yaml');
  });
});
