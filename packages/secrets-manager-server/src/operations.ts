/** The Secrets Manager operations this server implements (`X-Amz-Target: secretsmanager.<Op>`). */
export const SM_OPERATIONS = [
  'CreateSecret',
  'DescribeSecret',
  'GetSecretValue',
  'PutSecretValue',
  'UpdateSecret',
  'UpdateSecretVersionStage',
  'ListSecretVersionIds',
  'ListSecrets',
  'TagResource',
  'UntagResource',
  'DeleteSecret',
  'RestoreSecret',
] as const;

export type SmOperation = (typeof SM_OPERATIONS)[number];

export function isSmOperation(name: string): name is SmOperation {
  return (SM_OPERATIONS as readonly string[]).includes(name);
}

/**
 * AWS request quotas are per group of operations, per account and Region. The
 * groups and their defaults follow the "Secrets Manager quotas" table of
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html :
 * - DescribeSecret + GetSecretValue combined: 10,000/s (read)
 * - ListSecrets: 100/s, ListSecretVersionIds: 50/s (read)
 * - PutSecretValue + UpdateSecret + UpdateSecretVersionStage (+ replication ops) combined: 50/s (write)
 * - CreateSecret 50/s, DeleteSecret 50/s, RestoreSecret 50/s, TagResource + UntagResource 50/s (write)
 * Past a quota AWS rejects the request with ThrottlingException.
 */
export type QuotaGroup = 'describe-get' | 'list-secrets' | 'list-versions' | 'put-update' | 'create' | 'delete' | 'restore' | 'tag';

export interface QuotaGroupInfo {
  readonly group: QuotaGroup;
  readonly kind: 'read' | 'write';
  /** AWS's default for the group, per second. */
  readonly awsTps: number;
}

export function quotaGroupOf(op: SmOperation): QuotaGroupInfo {
  switch (op) {
    case 'DescribeSecret':
    case 'GetSecretValue':
      return { group: 'describe-get', kind: 'read', awsTps: 10_000 };
    case 'ListSecrets':
      return { group: 'list-secrets', kind: 'read', awsTps: 100 };
    case 'ListSecretVersionIds':
      return { group: 'list-versions', kind: 'read', awsTps: 50 };
    case 'PutSecretValue':
    case 'UpdateSecret':
    case 'UpdateSecretVersionStage':
      return { group: 'put-update', kind: 'write', awsTps: 50 };
    case 'CreateSecret':
      return { group: 'create', kind: 'write', awsTps: 50 };
    case 'DeleteSecret':
      return { group: 'delete', kind: 'write', awsTps: 50 };
    case 'RestoreSecret':
      return { group: 'restore', kind: 'write', awsTps: 50 };
    case 'TagResource':
    case 'UntagResource':
      return { group: 'tag', kind: 'write', awsTps: 50 };
  }
}

/** Operations that change state (and so trigger a state-file save). */
export function isWriteOperation(op: SmOperation): boolean {
  return quotaGroupOf(op).kind === 'write';
}
