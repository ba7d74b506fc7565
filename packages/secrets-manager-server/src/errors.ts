import { DocugenError } from '@docugen-secrets/core';

/**
 * The AWS error types this server answers with. They are the `__type` of the
 * JSON 1.1 error body and the SDK's exception class names, so they double as
 * this module's stable error codes.
 *
 * Per operation, the set each may return is listed under "Errors" on its page
 * of the AWS Secrets Manager API reference, e.g.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html#API_PutSecretValue_Errors
 * and the protocol-level ones (ValidationException, ThrottlingException,
 * UnknownOperationException, SerializationException, MissingAuthenticationTokenException)
 * on https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html
 */
export type AwsErrorType =
  | 'ResourceNotFoundException'
  | 'ResourceExistsException'
  | 'InvalidRequestException'
  | 'InvalidParameterException'
  | 'InvalidNextTokenException'
  | 'LimitExceededException'
  | 'ValidationException'
  | 'ThrottlingException'
  | 'InternalServiceError'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'MissingAuthenticationTokenException';

/** An AWS-shaped failure of one request: `code` is the wire `__type`. Never carries a secret value. */
export type AwsServiceError = DocugenError<AwsErrorType>;

export function awsError(type: AwsErrorType, message: string): AwsServiceError {
  return new DocugenError<AwsErrorType>(type, message);
}

export function isAwsServiceError(err: unknown): err is AwsServiceError {
  return err instanceof DocugenError && typeof err.code === 'string' && AWS_ERROR_TYPES.has(err.code);
}

const AWS_ERROR_TYPES: ReadonlySet<string> = new Set<AwsErrorType>([
  'ResourceNotFoundException',
  'ResourceExistsException',
  'InvalidRequestException',
  'InvalidParameterException',
  'InvalidNextTokenException',
  'LimitExceededException',
  'ValidationException',
  'ThrottlingException',
  'InternalServiceError',
  'UnknownOperationException',
  'SerializationException',
  'MissingAuthenticationTokenException',
]);

/**
 * HTTP status for an error type. JSON 1.1 services answer client faults with
 * 400 and server faults with 500; the SDK classifies (and retries) from the
 * type and the status. MissingAuthenticationToken is 403 as on AWS.
 */
export function statusOf(type: AwsErrorType): number {
  if (type === 'InternalServiceError') return 500;
  if (type === 'MissingAuthenticationTokenException') return 403;
  return 400;
}

/** Codes of this package's own (non-protocol) failures: bad state file, bad fault spec, listen failure. */
export type SmServerErrorCode =
  'SM_SERVER_STATE_INVALID' | 'SM_SERVER_STATE_IO' | 'SM_SERVER_FAULT_SPEC' | 'SM_SERVER_LISTEN';

export function serverError(
  code: SmServerErrorCode,
  message: string,
  cause?: unknown,
): DocugenError<SmServerErrorCode> {
  return new DocugenError<SmServerErrorCode>(code, message, cause === undefined ? {} : { cause });
}

// Messages modelled on the ones AWS returns; the SDK surfaces them as `err.message`.
export const notFound = (): AwsServiceError =>
  awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

export const markedForDeletion = (): AwsServiceError =>
  awsError(
    'InvalidRequestException',
    "You can't perform this operation on the secret because it was marked for deletion.",
  );
