import { describe, expect, it } from 'vitest';
import { SM002, type MinCadenceOptions } from '../../src/index.js';
import { DEL, manifest, paths, realOptions, run } from '../helpers.js';

const options = (await realOptions('SM002')) as MinCadenceOptions;

describe('SM002 minimum cadence for the backend', () => {
  it.each([
    { name: 'AWS at 30 days passes', id: 'document-storage-s3-access-key', edit: {}, want: [] },
    {
      name: 'AWS at exactly 10 minutes passes',
      id: 'document-storage-s3-access-key',
      edit: { 'rotation.cadence': 'PT10M', 'rotation.overlap': 'PT5M', 'expiry.maxAge': 'P1D' },
      want: [],
    },
    {
      name: 'AWS every 5 minutes fails (PutSecretValue guidance)',
      id: 'document-storage-s3-access-key',
      edit: { 'rotation.cadence': 'PT5M' },
      want: ['rotation.cadence'],
    },
    {
      name: 'SOPS every hour fails (a commit per rotation)',
      id: 'webhook-hmac-secret',
      edit: { 'rotation.cadence': 'PT1H' },
      want: ['rotation.cadence'],
    },
    { name: 'SOPS daily passes', id: 'webhook-hmac-secret', edit: { 'rotation.cadence': 'P1D' }, want: [] },
    {
      name: 'manual without cadence is out of scope',
      id: 'ocr-vendor-api-token',
      edit: { 'rotation.cadence': DEL },
      want: [],
    },
  ])('$name', ({ id, edit, want }) => {
    expect(paths(run(SM002, manifest(id, edit), options))).toEqual(want);
  });

  it('follows the configured minimum per backend', () => {
    const strict: MinCadenceOptions = { minCadence: { 'aws-secrets-manager': 'P60D', sops: 'P1D' } };
    expect(paths(run(SM002, manifest('document-storage-s3-access-key'), strict))).toEqual(['rotation.cadence']);
    expect(
      run(SM002, manifest('document-storage-s3-access-key', { 'rotation.cadence': 'PT5M' }), options)[0]?.message,
    ).toContain('at least PT10M (10 minutes)');
  });
});
