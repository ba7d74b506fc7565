import { manifestRule, setRule, type ManifestRule, type SetRule } from '../src/index.js';

/** Small rules for engine tests: the engine knows nothing about DocuGen's own. */
export const maxLength: ManifestRule<{ max: number }, unknown> = manifestRule({
  id: 'XX001',
  name: 'max-length',
  title: 'Random secrets are not longer than the configured maximum.',
  description: 'Test rule.',
  severity: 'error',
  docs: 'docs/policies/XX001.md',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['max'],
    properties: { max: { type: 'integer', minimum: 1 } },
  },
  check(m, { options }) {
    return m.rotation.kind === 'random-secret' && m.rotation.length > options.max
      ? [{ message: `length ${m.rotation.length} > ${options.max}`, at: ['rotation', 'length'] }]
      : [];
  },
});

export const noSops: ManifestRule<{ note?: string }, unknown> = manifestRule({
  id: 'XX002',
  name: 'no-sops',
  title: 'Backends are not SOPS.',
  description: 'Test rule.',
  severity: 'warning',
  docs: 'docs/policies/XX002.md',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { note: { type: 'string', default: 'none' } },
  },
  check(m) {
    return m.backend.kind === 'sops' ? [{ message: 'sops backend', at: ['backend', 'kind'] }] : [];
  },
});

export const sameTeam: SetRule<Record<string, never>, unknown> = setRule({
  id: 'XX003',
  name: 'one-team',
  title: 'All manifests share one owner team.',
  description: 'Test rule.',
  severity: 'error',
  docs: 'docs/policies/XX003.md',
  optionsSchema: { type: 'object' },
  check(facts) {
    const first = facts[0]?.ownerTeam;
    return [
      ...facts
        .filter((f) => f.ownerTeam !== first)
        .map((f) => ({ file: f.file, message: `team ${f.ownerTeam ?? '?'} differs`, at: ['owner', 'team'] })),
      {
        file: 'TEAMS',
        message: 'a note on a non-manifest file',
        at: [],
        range: { start: { line: 3, col: 1 }, end: { line: 3, col: 5 } },
      },
    ];
  },
});

export const broken: ManifestRule<Record<string, never>, unknown> = manifestRule({
  id: 'XX004',
  name: 'broken',
  title: 'Throws.',
  description: 'Test rule.',
  severity: 'error',
  docs: 'docs/policies/XX004.md',
  optionsSchema: { type: 'object' },
  check() {
    throw new Error('boom');
  },
});

export const testRules = [maxLength, noSops, sameTeam] as const;
