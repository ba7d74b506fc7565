import { describe, expect, it } from 'vitest';
import { SM010, type StrategyOptions } from '../../src/index.js';
import { manifest, paths, realOptions, run } from '../helpers.js';

const options = (await realOptions('SM010')) as StrategyOptions;

describe('SM010 manual and single strategies need a waiver', () => {
  it.each([
    { name: 'manual is flagged', id: 'ocr-vendor-api-token', edit: {}, want: ['rotation.strategy'] },
    {
      name: 'single is flagged',
      id: 'webhook-hmac-secret',
      edit: { 'rotation.strategy': 'single' },
      want: ['rotation.strategy'],
    },
    { name: 'alternating passes', id: 'webhook-hmac-secret', edit: {}, want: [] },
    { name: 'two-key passes', id: 'google-places-api-key', edit: {}, want: [] },
    { name: 'signing-key passes', id: 'document-signing-key', edit: {}, want: [] },
  ])('$name', ({ id, edit, want }) => {
    expect(paths(run(SM010, manifest(id, edit), options))).toEqual(want);
  });

  it('the strategy list comes from the config', () => {
    expect(paths(run(SM010, manifest('webhook-hmac-secret'), { strategies: ['alternating'] }))).toEqual([
      'rotation.strategy',
    ]);
    expect(run(SM010, manifest('ocr-vendor-api-token'), { strategies: [] })).toEqual([]);
    expect(run(SM010, manifest('ocr-vendor-api-token'), options)[0]?.message).toContain(
      'add one for SM010 to policies/waivers.yaml',
    );
  });
});
