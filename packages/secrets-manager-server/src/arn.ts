import type { RandomSource } from '@docugen-secrets/core';
import { awsError, notFound } from './errors.js';
import type { SecretLookup } from './context.js';
import type { SecretRecord } from './model.js';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A secret's ARN is `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random chars>`:
 * "Secrets Manager automatically adds a hyphen and six random characters after
 * the secret name at the end of the ARN" so that a re-created secret of the
 * same name gets a different ARN (CreateSecret, Name and ARN in
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
 */
export function buildArn(region: string, accountId: string, name: string, random: RandomSource): string {
  const suffix = Array.from(random.bytes(6), (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length] ?? 'A').join('');
  return `${arnPrefix(region, accountId)}${name}-${suffix}`;
}

export function arnPrefix(region: string, accountId: string): string {
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:`;
}

/**
 * "The secret name can contain ASCII letters, numbers, and the following
 * characters: /_+=.@-" and is 1–512 characters (CreateSecret, Name).
 */
export function validateName(name: string): void {
  if (name.length < 1 || name.length > 512 || !/^[A-Za-z0-9/_+=.@-]+$/.test(name)) {
    throw awsError(
      'InvalidParameterException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
  }
}

/**
 * Finds a secret by name, full ARN or partial ARN (the ARN without the hyphen
 * and six random characters), as described in "Finding a secret from a
 * partial ARN" (https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen).
 * Secrets scheduled for deletion are still found; purged ones are gone.
 */
export function getSecret(secrets: SecretLookup, secretId: string): SecretRecord {
  const secret = secrets.find(secretId);
  if (!secret) throw notFound();
  return secret;
}
