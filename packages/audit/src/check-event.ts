import { auditError } from './errors.js';
import type { AuditEvent } from './event.js';
import { recordProblems } from './record.js';

/**
 * Refuses to write an event the verifier would call malformed, so writers and
 * the verifier can never disagree. Messages name fields, never their content.
 */
export function checkEvent(event: AuditEvent): void {
  const probe = { ...event, seq: 1, prev: '0'.repeat(64), hash: '0'.repeat(64) } as Record<string, unknown>;
  const problems = recordProblems(probe);
  if (problems.length > 0) {
    throw auditError('AUDIT_INVALID_EVENT', `refusing to write audit event ${event.action}: ${problems.join('; ')}`, {
      details: { action: event.action },
    });
  }
}
