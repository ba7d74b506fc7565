import { describe, expect, it } from 'vitest';
import { SM004 } from '../../src/index.js';
import { manifest, paths, run } from '../helpers.js';

describe('SM004 overlap covers the slowest consumer', () => {
  it.each([
    {
      name: 'the real S3 key (rollout 1 h, overlap 1 d) passes',
      id: 'document-storage-s3-access-key',
      edit: {},
      want: [],
    },
    {
      name: 'overlap shorter than a live client refresh fails',
      id: 'webhook-hmac-secret',
      edit: { 'rotation.overlap': 'PT1M' },
      want: ['rotation.overlap'],
    },
    {
      name: 'overlap equal to the refresh interval passes',
      id: 'webhook-hmac-secret',
      edit: { 'rotation.overlap': 'PT5M' },
      want: [],
    },
    {
      name: 'overlap shorter than a rolling restart fails',
      id: 'document-storage-s3-access-key',
      edit: { 'rotation.overlap': 'PT30M' },
      want: ['rotation.overlap'],
    },
    {
      name: 'consumers that never reload do not count',
      id: 'webhook-hmac-secret',
      edit: {
        consumers: [{ service: 'ops-console', reload: { kind: 'none', reason: 'read by humans only' } }],
        'rotation.overlap': 'PT1S',
      },
      want: [],
    },
    { name: 'manual rotation has no overlap to check', id: 'ocr-vendor-api-token', edit: {}, want: [] },
  ])('$name', ({ id, edit, want }) => {
    expect(paths(run(SM004, manifest(id, edit), {}))).toEqual(want);
  });

  it('names the slowest consumer', () => {
    const [v] = run(SM004, manifest('document-storage-s3-access-key', { 'rotation.overlap': 'PT30M' }), {});
    expect(v?.message).toBe(
      'rotation overlap PT30M (30 minutes) is shorter than consumer archive-worker needs (rolls out in up to PT1H (1 hour))',
    );
  });
});
