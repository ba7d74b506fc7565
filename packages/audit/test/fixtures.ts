import type { AuditEvent } from '../src/index.js';

export function event(i: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    actor: { kind: 'github-actions', actor: 'octocat', runId: '42', roleArn: 'arn:aws:iam::123456789012:role/rotator' },
    action: 'store.putPending',
    secretId: `svc-${i}`,
    versionId: `v-${i}`,
    outcome: 'success',
    requestIds: [`req-${i}`],
    ...overrides,
  };
}
