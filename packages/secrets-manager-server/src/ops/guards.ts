import { getSecret } from '../arn.js';
import { markedForDeletion } from '../errors.js';
import { reqStr, type Input } from '../input.js';
import type { SecretLookup } from '../context.js';
import { isScheduledForDeletion, type SecretRecord } from '../model.js';

/** SecretId: "The ARN or name of the secret", 1–2048 characters. */
export function secretOf(secrets: SecretLookup, input: Input): SecretRecord {
  return getSecret(secrets, reqStr(input, 'SecretId', { min: 1, max: 2048 }));
}

/**
 * A secret scheduled for deletion is not accessible: "You cannot access the
 * encrypted secret information in any secret that is scheduled for deletion"
 * (DeleteSecret), and InvalidRequestException's first listed cause is "The
 * secret is scheduled for deletion" (PutSecretValue, GetSecretValue,
 * UpdateSecretVersionStage, TagResource errors).
 */
export function liveSecretOf(secrets: SecretLookup, input: Input): SecretRecord {
  const secret = secretOf(secrets, input);
  if (isScheduledForDeletion(secret)) throw markedForDeletion();
  return secret;
}
