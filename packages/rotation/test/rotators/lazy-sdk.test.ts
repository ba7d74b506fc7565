import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// Every test file runs in its own worker, so the module cache below only holds what this file loaded.
const cache = createRequire(import.meta.url).cache;
const PROVIDER_SDKS = ['@google-cloud/apikeys', 'google-auth-library', '@aws-sdk/client-iam', '@aws-sdk/client-sts'];
const loaded = (pkg: string): boolean => Object.keys(cache).some((file) => file.includes(`/node_modules/${pkg}/`));

describe('provider SDKs load lazily', () => {
  it('importing rotation and building the adapters loads no Google or IAM client until a call is made', async () => {
    expect(PROVIDER_SDKS.filter(loaded)).toEqual([]);
    const rotation = await import('../../src/index.js');
    const keys = rotation.apiKeysClientAdapter();
    rotation.iamSdkAdapter({ region: 'eu-west-1' });
    expect(PROVIDER_SDKS.filter(loaded)).toEqual([]);
    await keys.close();

    // The check sees a provider SDK once something does load it.
    await import('@aws-sdk/client-sts');
    expect(PROVIDER_SDKS.filter(loaded)).toEqual(['@aws-sdk/client-sts']);
  });
});
