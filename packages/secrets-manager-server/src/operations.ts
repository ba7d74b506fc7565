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
 * AWS request quotas are per group of operations, per account and Region, and
 * the groups are NOT one shared "write quota": each row of the "Secrets
 * Manager quotas" table of
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 * is its own bucket. The rows for the operations served here, quoted by name
 * (default per supported Region):
 * - "Combined rate of DescribeSecret and GetSecretValue API requests": 10,000 per second
 *   (a 2025 announcement raised DescribeSecret alone to 40,000; the table still
 *   lists the combined row, which is what this server models)
 * - "Combined rate of PutSecretValue, RemoveRegionsFromReplication,
 *   ReplicateSecretToRegion, StopReplicationToReplica, UpdateSecret, and
 *   UpdateSecretVersionStage API requests": 50 per second
 * - "Combined rate of RestoreSecret API requests": 50 per second
 * - "Combined rate of TagResource and UntagResource API requests": 50 per second
 * - one row per operation, each on its own: CreateSecret 50, DeleteSecret 50,
 *   ListSecrets 100, ListSecretVersionIds 50 per second
 * So a rotation's PutSecretValue and UpdateSecretVersionStage calls share one
 * 50/s bucket, while CreateSecret, DeleteSecret, RestoreSecret and
 * TagResource/UntagResource each have their own. Past a quota AWS rejects the
 * request with ThrottlingException ("When you exceed an API request quota,
 * Secrets Manager throttles the request", same page, "Add retries to your
 * application").
 */
export type QuotaGroup =
  'describe-get' | 'list-secrets' | 'list-versions' | 'put-update' | 'create' | 'delete' | 'restore' | 'tag';

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
