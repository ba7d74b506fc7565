import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { rejectionOf, startHarness } from './helpers.js';

const SIGV4 =
  'AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=00';

async function raw(
  endpoint: string,
  target: string | undefined,
  body: string,
  auth: string | null = SIGV4,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target !== undefined) headers['x-amz-target'] = target;
  if (auth !== null) headers['authorization'] = auth;
  return fetch(endpoint, { method: 'POST', headers, body });
}

describe('JSON 1.1 wire format', () => {
  it('answers with the JSON 1.1 content type and a request id on success and on error', async () => {
    const { server } = await startHarness();
    const ok = await raw(
      server.endpoint,
      'secretsmanager.CreateSecret',
      JSON.stringify({ Name: 'w', SecretString: 'x' }),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(ok.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const created = (await ok.json()) as { ARN: string; VersionId: string };
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/); // generated when a raw request has no ClientRequestToken
    const missing = await raw(server.endpoint, 'secretsmanager.DescribeSecret', JSON.stringify({ SecretId: 'nope' }));
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(missing.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await missing.json()).toEqual({
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  });

  it('returns dates as epoch seconds and SecretBinary as base64', async () => {
    const { server } = await startHarness();
    await raw(
      server.endpoint,
      'secretsmanager.CreateSecret',
      JSON.stringify({ Name: 'b', SecretBinary: Buffer.from([1, 2, 3]).toString('base64') }),
    );
    const got = (await (
      await raw(server.endpoint, 'secretsmanager.GetSecretValue', JSON.stringify({ SecretId: 'b' }))
    ).json()) as Record<string, unknown>;
    expect(got['SecretBinary']).toBe('AQID');
    expect(typeof got['CreatedDate']).toBe('number');
  });

  it('accepts any SigV4 Authorization header but refuses a request without one', async () => {
    const { server } = await startHarness();
    const anySig = await raw(
      server.endpoint,
      'secretsmanager.ListSecrets',
      '{}',
      'AWS4-HMAC-SHA256 Credential=whoever, Signature=garbage',
    );
    expect(anySig.status).toBe(200);
    const none = await raw(server.endpoint, 'secretsmanager.ListSecrets', '{}', null);
    expect(none.status).toBe(403);
    expect(((await none.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
  });

  it('answers UnknownOperationException for an unknown or missing target and SerializationException for bad JSON', async () => {
    const { server } = await startHarness();
    for (const target of ['secretsmanager.GetRandomPassword', 'kms.Encrypt', undefined]) {
      const res = await raw(server.endpoint, target, '{}');
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    }
    for (const body of ['{not json', '[1,2]']) {
      const bad = await raw(server.endpoint, 'secretsmanager.ListSecrets', body);
      expect(bad.status).toBe(400);
      expect(bad.headers.get('x-amzn-errortype')).toBe('SerializationException');
    }
  });
});

describe('AWS error types through the SDK', () => {
  it('ResourceExistsException for a taken name, InvalidParameterException for a bad name or both value kinds', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'taken', SecretString: 'x' }));
    const exists = await rejectionOf(client.send(new CreateSecretCommand({ Name: 'taken', SecretString: 'y' })));
    expect(exists.name).toBe('ResourceExistsException');
    expect(exists.message).toBe('The operation failed because the secret taken already exists.');
    expect(exists.$metadata?.httpStatusCode).toBe(400);
    expect(
      (await rejectionOf(client.send(new CreateSecretCommand({ Name: 'bad name!', SecretString: 'y' })))).name,
    ).toBe('InvalidParameterException');
    const both = await rejectionOf(
      client.send(new CreateSecretCommand({ Name: 'both', SecretString: 'y', SecretBinary: new Uint8Array([1]) })),
    );
    expect(both.name).toBe('InvalidParameterException');
  });

  it('ValidationException for missing or out-of-range members, without echoing values', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'v', SecretString: 'x' }));
    const noId = await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: undefined })));
    expect(noId.name).toBe('ValidationException');
    expect(noId.message).toContain("'secretId'");
    const shortToken = await rejectionOf(
      client.send(
        new PutSecretValueCommand({ SecretId: 'v', SecretString: 'canary-value-123', ClientRequestToken: 'short' }),
      ),
    );
    expect(shortToken.name).toBe('ValidationException');
    expect(shortToken.message).not.toContain('canary-value-123');
    const noValue = await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: 'v' })));
    expect(noValue.name).toBe('InvalidRequestException');
  });

  it('a failed write leaves no trace in the state', async () => {
    const { client, server } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'atomic', SecretString: 'x' }));
    const before = server.snapshot();
    await rejectionOf(
      client.send(new PutSecretValueCommand({ SecretId: 'atomic', SecretString: 'y', VersionStages: [] })),
    );
    expect(server.snapshot()).toEqual(before);
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'atomic' }))).SecretString).toBe('x');
  });
});
