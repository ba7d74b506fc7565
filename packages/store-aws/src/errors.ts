import {
  redact,
  type SecretRef,
  storeError,
  type StoreError,
  type StoreErrorCode,
} from '@docugen-secrets/secret-store';

/** What a ResourceNotFoundException means for the call that got it. */
export type NotFoundMeaning = 'secret' | 'version';

interface SdkErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string; readonly attempts?: number };
}

const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);
const DENIED = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'DecryptionFailure',
  'EncryptionFailure',
  'CredentialsProviderError',
]);
const INVALID = new Set([
  'InvalidRequestException',
  'InvalidParameterException',
  'InvalidNextTokenException',
  'LimitExceededException',
  'MalformedPolicyDocumentException',
  'ValidationException',
]);

export function sdkMetadata(err: unknown): SdkErrorLike['$metadata'] {
  return typeof err === 'object' && err !== null ? (err as SdkErrorLike).$metadata : undefined;
}

/** Maps an AWS SDK error to a stable store code. `exists` tells what ResourceExistsException means. */
export function awsErrorCode(
  err: unknown,
  notFound: NotFoundMeaning,
  exists: 'secret' | 'token',
  invalid: StoreErrorCode = 'STORE_INVALID_REQUEST',
): StoreErrorCode {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorLike;
  const name = e.name ?? '';
  if (name === 'ResourceNotFoundException')
    return notFound === 'secret' ? 'STORE_NOT_FOUND' : 'STORE_VERSION_NOT_FOUND';
  if (name === 'ResourceExistsException') return exists === 'secret' ? 'STORE_ALREADY_EXISTS' : 'STORE_TOKEN_CONFLICT';
  if (THROTTLED.has(name) || e.$metadata?.httpStatusCode === 429) return 'STORE_THROTTLED';
  if (DENIED.has(name) || e.$metadata?.httpStatusCode === 403) return 'STORE_ACCESS_DENIED';
  if (INVALID.has(name)) return invalid;
  return 'STORE_UNAVAILABLE';
}

const ADVICE: Readonly<Record<StoreErrorCode, string>> = {
  STORE_NOT_FOUND: 'create it first or check the name and region in the manifest',
  STORE_ALREADY_EXISTS: 'it already exists; adopt it instead of creating it',
  STORE_TOKEN_CONFLICT: 'the idempotency token was already used with another value; use a new rotation slot',
  STORE_ROTATION_IN_PROGRESS: 'resume or fail the pending rotation first',
  STORE_VERSION_NOT_FOUND: 'the version does not exist (or AWS deleted it as deprecated)',
  STORE_STAGE_CONFLICT: 'the staging labels changed underneath; describe the secret and retry',
  STORE_THROTTLED: 'AWS throttled the call after all retries; lower the write rate or rerun later',
  STORE_UNAVAILABLE: 'AWS failed or the connection dropped after all retries; rerun (writes are idempotent)',
  STORE_ACCESS_DENIED: "check the role's IAM policy, the KMS key policy and the credentials",
  STORE_CORRUPT: 'the secret holds data this tool did not write',
  STORE_INVALID_REQUEST: 'AWS refused the request as invalid',
};

/**
 * LimitExceededException is a quota, not a bad request: at most 100 versions
 * per secret (unlabelled ones younger than 24 hours are kept) and 20 staging
 * labels across its versions (PutSecretValue / UpdateSecretVersionStage errors,
 * reference_limits.html). The SDK already retried it as a throttling error.
 */
const QUOTA_ADVICE =
  'a Secrets Manager quota was reached (100 versions per secret, 20 staging labels); rotate less often (AWS advises at most one PutSecretValue per 10 minutes) and rerun later';

/**
 * A secret scheduled for deletion refuses reads and writes with
 * InvalidRequestException ("The secret is scheduled for deletion", first cause
 * listed under InvalidRequestException in GetSecretValue / PutSecretValue /
 * UpdateSecretVersionStage errors) and blocks CreateSecret of its name until
 * the recovery window ends (DeleteSecret, RecoveryWindowInDays).
 */
const DELETED_ADVICE =
  'the secret is scheduled for deletion: restore it (aws secretsmanager restore-secret) or wait until its recovery window ends';

function specialAdvice(name: string, message: string): string | undefined {
  if (name === 'LimitExceededException') return QUOTA_ADVICE;
  if (name === 'InvalidRequestException' && /(marked|scheduled) for deletion/i.test(message)) return DELETED_ADVICE;
  return undefined;
}

/** How to read the errors of one call. */
export interface AwsCallContext {
  readonly notFound: NotFoundMeaning;
  /** What ResourceExistsException means here (default: the secret exists). */
  readonly exists?: 'secret' | 'token';
  /** Code for InvalidRequest/InvalidParameter (label moves: STORE_STAGE_CONFLICT). */
  readonly invalid?: StoreErrorCode;
  /** Texts to redact from AWS's message (the value being written). */
  readonly secretTexts?: readonly string[];
  readonly versionId?: string;
  readonly token?: string;
}

/**
 * Wraps an SDK error into a StoreError: the code, the operation and secret,
 * the AWS error name and request id (to find the call in CloudTrail), and the
 * AWS message with any of `secretTexts` redacted. The SDK error stays as `cause`.
 */
export function mapAwsError(err: unknown, ref: SecretRef, operation: string, context: AwsCallContext): StoreError {
  const code = awsErrorCode(err, context.notFound, context.exists ?? 'secret', context.invalid);
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorLike;
  const name = e.name ?? 'Error';
  const requestId = e.$metadata?.requestId;
  const remote = redact((e.message ?? '').slice(0, 300), context.secretTexts ?? []);
  const where = `${operation} on secret "${ref.id}"${context.versionId ? ` version ${context.versionId}` : ''}`;
  const advice = specialAdvice(name, e.message ?? '') ?? ADVICE[code];
  const message = `${where} failed: ${name}${requestId ? ` (request id ${requestId})` : ''}${remote ? `: ${remote}` : ''}; ${advice}`;
  return storeError(code, ref, message, {
    cause: err,
    details: {
      step: operation,
      awsError: name,
      ...(requestId ? { requestId } : {}),
      ...(e.$metadata?.attempts === undefined ? {} : { attempts: e.$metadata.attempts }),
      ...(context.versionId ? { versionId: context.versionId } : {}),
    },
  });
}
