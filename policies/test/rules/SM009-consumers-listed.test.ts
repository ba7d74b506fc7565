import { describe, expect, it } from 'vitest';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { SM009 } from '../../src/index.js';
import { manifest, paths, run } from '../helpers.js';

describe('SM009 consumers listed, each once', () => {
  it.each([
    { name: 'the real S3 key lists three services', edit: {}, want: [] },
    {
      name: 'a service listed twice',
      edit: { 'consumers.3': { service: 'document-api', reload: { kind: 'live-client', refreshInterval: 'PT1M' } } },
      want: ['consumers.3.service'],
    },
  ])('$name', ({ edit, want }) => {
    expect(paths(run(SM009, manifest('document-storage-s3-access-key', edit), {}))).toEqual(want);
  });

  it('no consumers at all (the schema also refuses it; the rule does not rely on that)', () => {
    const m = { ...manifest('document-storage-s3-access-key'), consumers: [] } as SecretManifest;
    const vs = run(SM009, m, {});
    expect(vs).toEqual([
      {
        message: 'no consumers are listed: name every service that reads this secret and how it reloads',
        at: ['consumers'],
        target: 'key',
      },
    ]);
  });
});
