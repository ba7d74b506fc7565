import { describe, expect, it } from 'vitest';
import type { ManifestFacts } from '@docugen-secrets/policy-engine';
import { generateCodeowners, parseCodeowners, SM011, type DocugenEnv } from '../../src/index.js';
import { env, runSet } from '../helpers.js';

const facts: ManifestFacts[] = [
  { file: 'secrets-manifests/a.yaml', id: 'a', ownerTeam: 'storage-platform' },
  { file: 'secrets-manifests/b.yaml', id: 'b', ownerTeam: 'integrations' },
];
const teams = env.teams!;
const inSync = generateCodeowners(
  facts.map((f) => ({ repoPath: f.file, ownerTeam: f.ownerTeam! })),
  teams,
  [{ pattern: '/policies/', owners: ['@docugen/security-engineering'] }],
).text;
const withFile = (text: string | undefined): DocugenEnv => ({
  ...env,
  ...(text === undefined ? {} : { codeowners: parseCodeowners('.github/CODEOWNERS', text) }),
});
const opts = { extra: [] };

describe('SM011 CODEOWNERS gives each manifest to its owner team', () => {
  it.each([
    { name: 'generated file is in sync', text: inSync, want: [] },
    {
      name: 'missing file flags every manifest',
      text: undefined,
      want: ['secrets-manifests/a.yaml', 'secrets-manifests/b.yaml'],
    },
    {
      name: 'a missing line',
      text: inSync.replace(/^\/secrets-manifests\/b.yaml .*$/m, ''),
      want: ['secrets-manifests/b.yaml'],
    },
    {
      name: 'a wrong owner',
      text: inSync.replace('@docugen/integrations', '@docugen/maps-integration'),
      want: ['secrets-manifests/b.yaml'],
    },
    {
      name: 'an extra owner on the line',
      text: inSync.replace('@docugen/integrations', '@docugen/integrations @sofia-lindqvist'),
      want: ['secrets-manifests/b.yaml'],
    },
    {
      name: 'a stale line for a removed manifest',
      text: `${inSync}/secrets-manifests/gone.yaml @docugen/integrations\n`,
      want: [`.github/CODEOWNERS:${inSync.split('\n').length}`],
    },
    {
      name: 'lines elsewhere in the repository are not judged',
      text: `${inSync}/docs/x.yaml @docugen/integrations\n`,
      want: [],
    },
  ])('$name', ({ text, want }) => {
    const vs = runSet(SM011, facts, opts, withFile(text));
    expect(vs.map((v) => (v.range ? `${v.file}:${v.range.start.line}` : v.file))).toEqual(want);
    for (const v of vs.filter((x) => !x.range)) expect(v.at).toEqual(['owner', 'team']);
  });

  it('skips manifests outside the repository and teams missing from the registry (SM006 reports those)', () => {
    const outside: DocugenEnv = {
      ...withFile(inSync),
      repoPath: (f) => (f.startsWith('secrets-manifests/') ? f : undefined),
    };
    expect(
      runSet(
        SM011,
        [
          ...facts,
          { file: '../elsewhere/c.yaml', ownerTeam: 'integrations' },
          { file: 'secrets-manifests/d.yaml', ownerTeam: 'no-such-team' },
        ],
        opts,
        outside,
      ),
    ).toEqual([]);
  });
});
