import { describe, expect, it } from 'vitest';
import { SM003 } from '../../src/index.js';
import { DEL, manifest, paths, run } from '../helpers.js';

describe('SM003 expiry or cadence, and they agree', () => {
  it.each([
    { name: 'cadence + overlap within maxAge passes', id: 'document-signing-key', edit: {}, want: [] },
    {
      name: 'manual with notAfter only passes',
      id: 'ocr-vendor-api-token',
      edit: { 'rotation.cadence': DEL },
      want: [],
    },
    {
      name: 'maxAge exactly cadence + overlap passes',
      id: 'webhook-hmac-secret',
      edit: { 'expiry.maxAge': 'P63D' },
      want: [],
    },
    {
      name: 'maxAge shorter than cadence + overlap fails',
      id: 'webhook-hmac-secret',
      edit: { 'expiry.maxAge': 'P62D' },
      want: ['expiry.maxAge'],
    },
    {
      name: 'maxAge shorter than the cadence alone fails',
      id: 'google-places-api-key',
      edit: { 'expiry.maxAge': 'P60D' },
      want: ['expiry.maxAge'],
    },
    {
      name: 'a warning window as long as maxAge fails',
      id: 'webhook-hmac-secret',
      edit: { 'expiry.warnBefore': ['P75D', 'P1D'] },
      want: ['expiry.warnBefore.0'],
    },
    {
      name: 'manual cadence with maxAge counts no overlap',
      id: 'ocr-vendor-api-token',
      edit: { expiry: { maxAge: 'P90D', warnBefore: ['P7D'] }, 'rotation.cadence': 'P90D' },
      want: [],
    },
  ])('$name', ({ id, edit, want }) => {
    expect(paths(run(SM003, manifest(id, edit), {}))).toEqual(want);
  });

  it('explains the clash', () => {
    const [v] = run(SM003, manifest('webhook-hmac-secret', { 'expiry.maxAge': 'P30D' }), {});
    expect(v?.message).toBe(
      'expiry.maxAge P30D (30 days) is shorter than a value lives on schedule (cadence P60D (60 days) plus overlap P3D (3 days)): it would expire while still in use',
    );
  });
});
