import { describe, expect, it } from 'vitest';
import { SM001, type MaxCadenceOptions } from '../../src/index.js';
import { DEL, manifest, paths, realOptions, run } from '../helpers.js';

const options = (await realOptions('SM001')) as MaxCadenceOptions;
const custom: MaxCadenceOptions = { maxCadence: { critical: 'P7D', high: 'P14D', internal: 'P60D', any: 'P30D' } };

describe('SM001 max cadence for the classification (NFR5)', () => {
  it.each([
    { name: 'critical at the limit (P30D) passes', id: 'document-signing-key', edit: {}, opts: options, want: [] },
    {
      name: 'critical at P31D fails',
      id: 'document-signing-key',
      edit: { 'rotation.cadence': 'P31D' },
      opts: options,
      want: ['rotation.cadence'],
    },
    {
      name: 'critical at P1M fails (a month can be 31 days)',
      id: 'document-storage-s3-access-key',
      edit: { 'rotation.cadence': 'P1M' },
      opts: options,
      want: ['rotation.cadence'],
    },
    { name: 'high at P90D passes', id: 'google-places-api-key', edit: {}, opts: options, want: [] },
    {
      name: 'high at P13W fails',
      id: 'google-places-api-key',
      edit: { 'rotation.cadence': 'P13W1D' },
      opts: options,
      want: ['rotation.cadence'],
    },
    {
      name: 'internal has no own limit: any (P365D) applies',
      id: 'webhook-hmac-secret',
      edit: { classification: 'internal', 'rotation.cadence': 'P365D', 'expiry.maxAge': 'P400D' },
      opts: options,
      want: [],
    },
    {
      name: 'internal over a year fails',
      id: 'webhook-hmac-secret',
      edit: { classification: 'internal', 'rotation.cadence': 'P1Y1D', 'expiry.maxAge': 'P400D' },
      opts: options,
      want: ['rotation.cadence'],
    },
    {
      name: 'manual without cadence is out of scope',
      id: 'ocr-vendor-api-token',
      edit: { 'rotation.cadence': DEL },
      opts: options,
      want: [],
    },
    {
      name: 'manual with a too long cadence fails',
      id: 'ocr-vendor-api-token',
      edit: { 'rotation.cadence': 'P120D' },
      opts: options,
      want: ['rotation.cadence'],
    },
    {
      name: 'options: the shorter of class and any wins',
      id: 'webhook-hmac-secret',
      edit: { classification: 'internal', 'rotation.cadence': 'P45D' },
      opts: custom,
      want: ['rotation.cadence'],
    },
    {
      name: 'options: a tighter critical limit',
      id: 'document-signing-key',
      edit: {},
      opts: custom,
      want: ['rotation.cadence'],
    },
  ])('$name', ({ id, edit, opts, want }) => {
    expect(paths(run(SM001, manifest(id, edit), opts))).toEqual(want);
  });

  it('says which limit and why', () => {
    const [v] = run(SM001, manifest('document-signing-key', { 'rotation.cadence': 'P60D' }), options);
    expect(v?.message).toBe(
      'rotation cadence P60D (60 days) is longer than the maximum for critical secrets, P30D (30 days) (NFR5)',
    );
  });
});
