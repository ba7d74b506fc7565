import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iamAccessKeyRotator } from '../../src/rotators/iam-access-key/rotator.js';
import { iamSdkAdapter } from '../../src/rotators/iam-access-key/sdk-adapter.js';
import { contextFor, fieldsOf, realManifest } from './helpers.js';

/**
 * The IAM last-used gate against real AWS IAM. Runs only when
 * DOCUGEN_AWS_IT_IAM_USER names a dedicated IAM user that holds no access
 * key, and the SDK's default credential chain has something to offer (keys,
 * a profile or a web-identity token); otherwise it is reported as skipped,
 * with the reason. It creates one key for that user, uses it, checks that
 * the retire gate never calls a key used a moment ago unused (IAM reports
 * use late), then deletes the key.
 */
const userName = process.env['DOCUGEN_AWS_IT_IAM_USER'];
const hasCredentials = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
].some((k) => process.env[k]);
const base = realManifest('document-storage-s3-access-key');

if (userName && hasCredentials) {
  describe('aws-iam-access-key rotator against real IAM (last-used gate)', () => {
    it('a key used a moment ago is never judged unused, and is removed afterwards', async () => {
      const manifest = { ...base, rotation: { ...base.rotation, userName } } as typeof base;
      const port = iamSdkAdapter({ region: process.env['AWS_REGION'] ?? 'us-east-1' });
      const rotator = iamAccessKeyRotator(port);
      const ctx = contextFor(manifest);
      const token = randomUUID();
      await rotator.preflight?.(ctx, { token });
      const pending = await rotator.create(ctx, { token, claimed: true });
      try {
        await expect(rotator.test(ctx, { pending })).resolves.toEqual({ ok: true }); // uses the key (STS)
        const now = new Date();
        const verdict = await rotator.stillInUse?.(
          { ...ctx, now },
          { previous: pending, since: new Date(now.getTime() - 60_000) },
        );
        expect(verdict).not.toEqual({ kind: 'unused' });
        expect(verdict).toMatchObject({ kind: expect.stringMatching(/^(used|unsettled)$/) as unknown });
      } finally {
        await rotator.discard(ctx, { pending });
      }
      expect((await port.listAccessKeys(userName)).map((k) => k.accessKeyId)).not.toContain(
        fieldsOf(pending)['accessKeyId'],
      );
    }, 300_000);
  });
} else {
  const why = userName ? 'no AWS credentials in the environment' : 'DOCUGEN_AWS_IT_IAM_USER is not set';
  // eslint-disable-next-line no-console -- a skipped real-API run must say so in the test output
  console.info(`[rotation] real IAM last-used test skipped: ${why}`);
  describe('aws-iam-access-key rotator against real IAM (last-used gate)', () => {
    it.skip(`skipped: ${why} (set DOCUGEN_AWS_IT_IAM_USER to a dedicated IAM user without keys, and AWS credentials, to run it)`, () =>
      undefined);
  });
}
