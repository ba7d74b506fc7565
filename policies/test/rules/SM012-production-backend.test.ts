import { describe, expect, it } from 'vitest';
import { SM012, type ProductionBackendOptions } from '../../src/index.js';
import { DEL, manifest, paths, realOptions, run } from '../helpers.js';

const options = (await realOptions('SM012')) as ProductionBackendOptions;

describe('SM012 production secrets on an allowed backend and region', () => {
  it.each([
    { name: 'the real AWS secret passes', id: 'google-places-api-key', edit: {}, want: [] },
    { name: 'the real SOPS secret passes', id: 'webhook-hmac-secret', edit: {}, want: [] },
    {
      name: 'a region outside the list fails',
      id: 'google-places-api-key',
      edit: { 'backend.region': 'us-east-1' },
      want: ['backend.region'],
    },
    {
      name: 'a name outside the production prefix fails',
      id: 'google-places-api-key',
      edit: { 'backend.name': 'staging/maps/key' },
      want: ['backend.name'],
    },
    {
      name: 'no customer-managed KMS key fails',
      id: 'google-places-api-key',
      edit: { 'backend.kmsKeyId': DEL },
      want: ['backend'],
    },
    {
      name: 'a SOPS file outside secrets/production/ fails',
      id: 'webhook-hmac-secret',
      edit: { 'backend.path': 'secrets/staging/webhook-hmac-secret.sops.yaml' },
      want: ['backend.path'],
    },
    {
      name: 'staging secrets are out of scope',
      id: 'google-places-api-key',
      edit: { environment: 'staging', 'backend.region': 'us-east-1' },
      want: [],
    },
  ])('$name', ({ id, edit, want }) => {
    expect(paths(run(SM012, manifest(id, edit), options))).toEqual(want);
  });

  it('a backend kind outside the list fails', () => {
    expect(
      paths(run(SM012, manifest('webhook-hmac-secret'), { ...options, backends: ['aws-secrets-manager'] })),
    ).toEqual(['backend.kind']);
  });
});
