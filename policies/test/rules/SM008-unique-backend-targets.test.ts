import { describe, expect, it } from 'vitest';
import type { BackendFacts, ManifestFacts } from '@docugen-secrets/policy-engine';
import { backendTarget, SM008 } from '../../src/index.js';
import { runSet } from '../helpers.js';

const aws = (file: string, name: string, region = 'eu-west-1'): ManifestFacts => ({
  file,
  backend: { kind: 'aws-secrets-manager', name, region },
});
const sops = (file: string, path: string): ManifestFacts => ({ file, backend: { kind: 'sops', path } });

describe('SM008 unique backend targets', () => {
  it.each([
    { name: 'different names pass', facts: [aws('a.yaml', 'production/a'), aws('b.yaml', 'production/b')], want: [] },
    {
      name: 'same name, other region passes',
      facts: [aws('a.yaml', 'production/a'), aws('b.yaml', 'production/a', 'eu-central-1')],
      want: [],
    },
    {
      name: 'same name and region fails',
      facts: [aws('a.yaml', 'production/a'), aws('b.yaml', 'production/a')],
      want: ['a.yaml:backend.name', 'b.yaml:backend.name'],
    },
    {
      name: 'an ARN and a name of the same secret fail',
      facts: [
        aws('a.yaml', 'production/a'),
        aws('b.yaml', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:production/a-AbC123', 'eu-central-1'),
      ],
      want: ['a.yaml:backend.name', 'b.yaml:backend.name'],
    },
    {
      name: 'same SOPS file fails',
      facts: [sops('a.yaml', 'secrets/production/x.sops.yaml'), sops('b.yaml', 'secrets/production/x.sops.yaml')],
      want: ['a.yaml:backend.path', 'b.yaml:backend.path'],
    },
    {
      name: 'an AWS name equal to a SOPS path passes',
      facts: [aws('a.yaml', 'secrets/x'), sops('b.yaml', 'secrets/x')],
      want: [],
    },
  ])('$name', ({ facts, want }) => {
    expect(runSet(SM008, facts, {}).map((v) => `${v.file}:${v.at.join('.')}`)).toEqual(want);
  });

  it.each<[BackendFacts | undefined, string | undefined]>([
    [{ kind: 'aws-secrets-manager', name: 'n', region: 'r' }, 'aws-secrets-manager:r:n'],
    [
      { kind: 'aws-secrets-manager', name: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:n-xYz789' },
      'aws-secrets-manager:us-east-1:n',
    ],
    [{ kind: 'aws-secrets-manager', name: 'n' }, undefined],
    [{ kind: 'sops', path: 'secrets/a.sops.yaml' }, 'sops:secrets/a.sops.yaml'],
    [undefined, undefined],
  ])('target of %j is %s', (b, want) => {
    expect(backendTarget(b)).toBe(want);
  });
});
