import { DocugenError } from '@docugen-secrets/core';

/**
 * Stable codes of the audit package. The first five are verification findings
 * (reported per line by `verifyAuditLog`); the others are thrown.
 */
export type AuditProblemCode =
  'AUDIT_HASH_MISMATCH' | 'AUDIT_CHAIN_BROKEN' | 'AUDIT_SEQ_GAP' | 'AUDIT_MALFORMED' | 'AUDIT_TRUNCATED';

export type AuditErrorCode = AuditProblemCode | 'AUDIT_WRITE_FAILED' | 'AUDIT_INVALID_EVENT';

export type AuditError = DocugenError<AuditErrorCode>;

export function auditError(
  code: AuditErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, string | number | boolean> } = {},
): AuditError {
  return new DocugenError<AuditErrorCode>(code, message, options);
}
