import { randomBytes } from 'node:crypto';
import { DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, it } from 'vitest';
import type { SecretRef } from '@docugen-secrets/secret-store';
import { storeContract } from '@docugen-secrets/store-contract';
import { AwsSecretsManagerStore } from '../src/index.js';

/**
 * The same contract against the real AWS Secrets Manager. Runs only when
 * DOCUGEN_AWS_IT_REGION is set and the SDK's default credential chain has
 * something to offer (keys, a profile or a web-identity token, e.g. the OIDC
 * role in Actions); otherwise it is reported as skipped, with the reason.
 * Every secret it creates is named docugen-secrets-it/<run>/... and force-deleted afterwards.
 */
const region = process.env['DOCUGEN_AWS_IT_REGION'];
const hasCredentials = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
].some((k) => process.env[k]);

if (region && hasCredentials) {
  const run = randomBytes(4).toString('hex');
  const created: string[] = [];
  storeContract(`AWS Secrets Manager (real, ${region})`, () => {
    const store = new AwsSecretsManagerStore({ region });
    let n = 0;
    return Promise.resolve({
      store,
      realClock: true,
      newRef: (id: string): SecretRef => {
        const name = `docugen-secrets-it/${run}/${id}-${++n}`;
        created.push(name);
        return { id, target: { kind: 'aws-secrets-manager', name, region } };
      },
      close: async () => {
        store.close();
        const client = new SecretsManagerClient({ region });
        for (const name of created)
          await client
            .send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }))
            .catch(() => undefined);
        client.destroy();
      },
    });
  });
} else {
  const why = region ? 'no AWS credentials in the environment' : 'DOCUGEN_AWS_IT_REGION is not set';
  // eslint-disable-next-line no-console -- a skipped real-AWS run must say so in the test output
  console.info(`[stores] real AWS contract tests skipped: ${why}`);
  describe('SecretStore contract: AWS Secrets Manager (real)', () => {
    it.skip(`skipped: ${why} (set DOCUGEN_AWS_IT_REGION and AWS credentials to run against real AWS)`, () => undefined);
  });
}
