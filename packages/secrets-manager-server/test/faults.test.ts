import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../src/index.js';
import { rejectionOf, startHarness, token } from './helpers.js';

describe('injected faults against the SDK’s own retries', () => {
  it('throttling is retried by the SDK until it succeeds', async () => {
    const { client, server } = await startHarness({}, 4);
    await client.send(new CreateSecretCommand({ Name: 'f', SecretString: 'v1' }));
    server.injectFault({ operation: 'GetSecretValue', kind: 'throttle', times: 2 });
    const out = await client.send(new GetSecretValueCommand({ SecretId: 'f' }));
    expect(out.SecretString).toBe('v1');
    expect(out.$metadata.attempts).toBe(3);
    expect(server.requestCounts()['GetSecretValue']).toBe(3);
  });

  it('500 InternalServiceError is retried; without retries the SDK surfaces it as a server fault', async () => {
    const h = await startHarness({}, 3);
    await h.client.send(new CreateSecretCommand({ Name: 'f', SecretString: 'v1' }));
    h.server.injectFault({ operation: '*', kind: 'internal-error', times: 1 });
    expect((await h.client.send(new DescribeSecretCommand({ SecretId: 'f' }))).$metadata.attempts).toBe(2);
    h.server.injectFault({ operation: 'DescribeSecret', kind: 'internal-error', times: 1 });
    const err = await rejectionOf(h.clientWith(1).send(new DescribeSecretCommand({ SecretId: 'f' })));
    expect(err.name).toBe('InternalServiceError');
    expect(err.$metadata?.httpStatusCode).toBe(500);
  });

  it('a connection dropped after a successful PutSecretValue is resolved by the idempotency token: one version, not two', async () => {
    const { client, server } = await startHarness({}, 3);
    await client.send(new CreateSecretCommand({ Name: 'd', SecretString: 'v1', ClientRequestToken: token(1) }));
    server.injectFault({ operation: 'PutSecretValue', kind: 'drop-after-write', times: 1 });
    const out = await client.send(new PutSecretValueCommand({ SecretId: 'd', SecretString: 'v2' })); // the SDK fills ClientRequestToken
    expect(out.$metadata.attempts).toBe(2);
    expect(server.requestCounts()['PutSecretValue']).toBe(2);
    const versions = server.snapshot().secrets[0]?.versions ?? [];
    expect(versions.map((v) => v.versionId)).toEqual([token(1), out.VersionId]);
    expect(versions.map((v) => v.stages)).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);
  });

  it('a connection dropped after CreateSecret is retried into the same secret', async () => {
    const { client, server } = await startHarness({}, 3);
    server.injectFault({ operation: 'CreateSecret', kind: 'drop-after-write', times: 1 });
    const out = await client.send(new CreateSecretCommand({ Name: 'c', SecretString: 'v1' }));
    expect(out.$metadata.attempts).toBe(2);
    expect(server.snapshot().secrets).toHaveLength(1);
    expect(server.snapshot().secrets[0]?.versions).toHaveLength(1);
  });

  it('drop-before applies nothing: without a retry the call fails and no version exists', async () => {
    const h = await startHarness({}, 1);
    await h.client.send(new CreateSecretCommand({ Name: 'b', SecretString: 'v1' }));
    h.server.injectFault({ operation: 'PutSecretValue', kind: 'drop-before', times: 1 });
    const err = await rejectionOf(h.client.send(new PutSecretValueCommand({ SecretId: 'b', SecretString: 'v2' })));
    expect(err.message).toMatch(/socket hang up|ECONNRESET/);
    const listed = await h.client.send(new ListSecretVersionIdsCommand({ SecretId: 'b', IncludeDeprecated: true }));
    expect(listed.Versions).toHaveLength(1);
    h.server.injectFault({ operation: 'PutSecretValue', kind: 'drop-before', times: 1 });
    const retried = await h.clientWith(3).send(new PutSecretValueCommand({ SecretId: 'b', SecretString: 'v2' }));
    expect(retried.$metadata.attempts).toBe(2);
  });

  it('latency delays matching requests; times limits a rule and clearFaults removes the rest', async () => {
    const { client, server } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'l', SecretString: 'v1' }));
    server.injectFault({ operation: '*', kind: 'latency', latencyMs: 150, times: 1 });
    let t0 = performance.now();
    await client.send(new DescribeSecretCommand({ SecretId: 'l' }));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    t0 = performance.now();
    await client.send(new DescribeSecretCommand({ SecretId: 'l' }));
    expect(performance.now() - t0).toBeLessThan(140);
    server.injectFault({ operation: 'DescribeSecret', kind: 'throttle' });
    expect((await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'l' })))).name).toBe(
      'ThrottlingException',
    );
    expect((await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'l' })))).name).toBe(
      'ThrottlingException',
    );
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'l' }))).SecretString).toBe('v1'); // other operation untouched
    server.clearFaults();
    await client.send(new DescribeSecretCommand({ SecretId: 'l' }));
  });
});

describe('parseFaultSpec (the CLI --fault form)', () => {
  it('parses operation, kind and options', () => {
    expect(parseFaultSpec('PutSecretValue:drop-after-write:times=1')).toEqual({
      operation: 'PutSecretValue',
      kind: 'drop-after-write',
      times: 1,
    });
    expect(parseFaultSpec('*:latency:ms=250')).toEqual({ operation: '*', kind: 'latency', latencyMs: 250 });
    expect(parseFaultSpec('GetSecretValue:throttle')).toEqual({ operation: 'GetSecretValue', kind: 'throttle' });
  });

  it.each([
    'Nope:throttle',
    'GetSecretValue:explode',
    'GetSecretValue:throttle:times=x',
    'GetSecretValue:throttle:when=1',
    '',
  ])('rejects "%s" with SM_SERVER_FAULT_SPEC', (spec) => {
    let caught: unknown;
    try {
      parseFaultSpec(spec);
    } catch (err) {
      caught = err;
    }
    expect(isDocugenError(caught, 'SM_SERVER_FAULT_SPEC')).toBe(true);
  });
});
