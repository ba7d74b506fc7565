import { stalledRequest } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { FakeAwsIam, FakeGcs, FakeGoogleApis } from '../src/index.js';

const HEAD = 'POST /v2/projects/p/locations/global/keys HTTP/1.1\r\nhost: 127.0.0.1';
const limits = { headersTimeoutMs: 200, requestTimeoutMs: 400 };

describe('a client that stalls mid-body', () => {
  it.each([
    ['Google APIs', () => FakeGoogleApis.start({ limits })],
    ['IAM + STS', () => FakeAwsIam.start({ limits })],
    ['GCS', () => FakeGcs.start({ limits })],
  ])('%s emulator: does not hold the connection past the request timeout', async (_name, start) => {
    const fake = await start();
    try {
      expect((await stalledRequest(fake.url, HEAD, '{"displ', 5_000)).closed).toBe(true);
    } finally {
      await fake.close();
    }
  });
});
