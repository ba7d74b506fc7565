import { stalledRequest } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { startHarness } from './helpers.js';

const HEAD = [
  'POST / HTTP/1.1',
  'host: 127.0.0.1',
  'x-amz-target: secretsmanager.ListSecrets',
  'authorization: AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/x, Signature=00',
  'content-type: application/x-amz-json-1.1',
].join('\r\n');

describe('a client that stalls mid-body', () => {
  it('does not hold its connection past the request timeout', async () => {
    const { server } = await startHarness({ limits: { headersTimeoutMs: 200, requestTimeoutMs: 400 } });
    expect((await stalledRequest(server.endpoint, HEAD, '{"MaxRes', 5_000)).closed).toBe(true);
  });
});
