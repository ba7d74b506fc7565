import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { MemoryLogger } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { rejectionOf, startHarness, token } from './helpers.js';

describe('request log', () => {
  it('records operation, secret id and status through the Logger port, never a secret value', async () => {
    const logger = new MemoryLogger();
    const canary = 'canary-9c1e-do-not-log';
    const binaryCanary = Buffer.from('binary-canary-77aa').toString('base64');
    const { client, server } = await startHarness({ logger }, 2);
    await client.send(new CreateSecretCommand({ Name: 'logged', SecretString: canary, ClientRequestToken: token(1) }));
    await client.send(
      new PutSecretValueCommand({ SecretId: 'logged', SecretBinary: Buffer.from(binaryCanary, 'base64') }),
    );
    await client.send(new GetSecretValueCommand({ SecretId: 'logged', VersionId: token(1) }));
    await rejectionOf(
      client.send(
        new PutSecretValueCommand({ SecretId: 'logged', SecretString: `${canary}-2`, ClientRequestToken: token(1) }),
      ),
    );
    server.injectFault({ operation: 'PutSecretValue', kind: 'drop-after-write', times: 1 });
    await client.send(new PutSecretValueCommand({ SecretId: 'logged', SecretString: `${canary}-3` }));
    const text = logger.text();
    expect(text).toContain('"operation":"CreateSecret"');
    expect(text).toContain('"errorType":"ResourceExistsException"');
    expect(text).toContain('"fault":"drop-after-write"');
    expect(text).toContain('"secretId":"logged"');
    for (const needle of [canary, 'binary-canary-77aa', binaryCanary]) expect(text).not.toContain(needle);
    expect(JSON.stringify(server.snapshot())).not.toContain(canary);
  });
});
