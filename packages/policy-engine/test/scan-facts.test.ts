import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '@docugen-secrets/manifest';
import { factsFromSource, lineScalar, scanFacts, scanFactsFast } from '../src/index.js';
import { manifestText, repoRoot } from './helpers.js';

const parsed = (text: string) => factsFromSource(parseYamlSource('m.yaml', text).source);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

describe('facts without a full parse', () => {
  it('the scanner reads every real and fixture manifest like the parser', () => {
    const files = [
      ...yamlFiles(`${repoRoot}/secrets-manifests`),
      ...yamlFiles(`${repoRoot}/policies/test/fixtures/golden/secrets-manifests`),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const fast = scanFactsFast('m.yaml', text);
      expect(fast, file).toBeDefined();
      expect(fast, file).toEqual(parsed(text));
    }
  });

  it.each([
    ['flow mapping', manifestText('a', { backend: 'backend: { kind: sops, path: secrets/a.sops.yaml }' })],
    ['anchor', manifestText('a', { owner: 'owner: &o\n  team: platform\n  handles: ["@ana"]' })],
    ['tab', manifestText('a').replace('  team: platform', '\tteam: platform')],
    ['duplicate key', `${manifestText('a')}id: b\n`],
    ['multi-line plain id', manifestText('a', { id: 'id: a\n  b' })],
    ['quoted key', manifestText('a', { id: '"id": a' })],
    ['unclosed quote', manifestText('a', { description: 'description: "starts here\n  and ends: here"' })],
    ['number id', manifestText('a', { id: 'id: 123' })],
    ['null team', manifestText('a', { owner: 'owner:\n  team: null\n  handles: ["@ana"]' })],
    ['escapes', manifestText('a', { id: 'id: "a\\u0062"' })],
    ['document marker', `---\n${manifestText('a')}`],
    ['top-level list', '- id: a\n'],
  ])('gives up on %s, and scanFacts still answers like the parser', (_name, text) => {
    expect(scanFactsFast('m.yaml', text)).toBeUndefined();
    expect(scanFacts('m.yaml', text)).toEqual(parsed(text));
  });

  it.each([
    ['plain', 'abc-1', 'abc-1'],
    ['comment', 'abc # note', 'abc'],
    ['double quotes', '"@x/y" # c', '@x/y'],
    ['single quotes', "'eu-west-1'", 'eu-west-1'],
    ['boolean', 'true', undefined],
    ['trailing colon', 'abc:', undefined],
    ['colon space', 'a: b', undefined],
    ['flow', '[a]', undefined],
  ])('lineScalar %s', (_name, text, want) => {
    expect(lineScalar(text)).toBe(want);
  });

  it('agrees with the parser on generated spellings (property)', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
    const quote = fc.constantFrom('', '"', "'");
    const comment = fc.constantFrom('', '  # note', ' #x');
    const indent = fc.constantFrom(2, 4);
    let answered = 0;
    fc.assert(
      fc.property(
        word,
        word,
        word,
        quote,
        quote,
        comment,
        indent,
        fc.boolean(),
        fc.boolean(),
        (id, team, name, q1, q2, c, n, reorder, blank) => {
          const pad = ' '.repeat(n);
          const owner = `owner:${c}\n${pad}handles:\n${pad}- "@ana"\n${blank ? '\n' : ''}${pad}team: ${q1}${team}${q1}${c}`;
          const backend = `backend:\n${pad}kind: aws-secrets-manager\n${pad}region: eu-west-1\n${pad}name: ${q2}production/${name}${q2}${c}`;
          const text = manifestText(id, {
            id: `id: ${q1}${id}${q1}${c}`,
            owner,
            backend,
            ...(reorder ? { apiVersion: 'labels:\n  a: b\napiVersion: docugen.io/secrets/v1' } : {}),
          });
          const fast = scanFactsFast('m.yaml', text);
          if (fast !== undefined) answered++;
          return fast === undefined || JSON.stringify(fast) === JSON.stringify(parsed(text));
        },
      ),
      { numRuns: 300 },
    );
    // The fast path must actually be taken for ordinary spellings, or the property says nothing.
    expect(answered).toBeGreaterThan(250);
  });
});
