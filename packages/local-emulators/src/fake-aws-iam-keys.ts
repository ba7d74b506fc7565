import { IAM_NS, queryError, queryOk } from './aws-query-xml.js';
import type { FakeIamDirectory, FakeIamUser } from './fake-aws-iam-state.js';
import type { FakeReply } from './fake-http.js';

/** The access-key actions on one user, as IAM answers them (Query protocol). */
export type FakeIamKeyAction = 'CreateAccessKey' | 'ListAccessKeys' | 'UpdateAccessKey' | 'DeleteAccessKey';

/** What the key actions need of the emulator. */
export interface KeyActionContext {
  readonly dir: FakeIamDirectory;
  readonly now: Date;
  /** Authentications a new key fails before it works (eventual consistency). */
  readonly propagationFailures: number;
  /** ListAccessKeys' page size when the caller gives no MaxItems (IAM: 100). */
  readonly defaultMaxItems: number;
}

/** Runs one access-key action of `params` on its user. */
export function keyAction(op: FakeIamKeyAction, params: URLSearchParams, c: KeyActionContext): FakeReply {
  const userName = params.get('UserName') ?? '';
  const user = c.dir.users.get(userName);
  if (!user) return noSuchUser(userName);
  switch (op) {
    case 'CreateAccessKey':
      return create(user, c);
    case 'ListAccessKeys':
      return list(user, params, c);
    case 'UpdateAccessKey':
      return update(user, params.get('AccessKeyId') ?? '', params.get('Status') ?? '');
    case 'DeleteAccessKey':
      return user.keys.delete(params.get('AccessKeyId') ?? '')
        ? queryOk('DeleteAccessKey', IAM_NS)
        : noSuchKey(params.get('AccessKeyId') ?? '');
  }
}

function create(user: FakeIamUser, c: KeyActionContext): FakeReply {
  if (user.keys.size >= c.dir.maxKeysPerUser)
    return queryError(
      409,
      'LimitExceeded',
      `Cannot exceed quota for AccessKeysPerUser: ${c.dir.maxKeysPerUser}`,
      IAM_NS,
    );
  const { accessKeyId, secretAccessKey, status, createDate } = c.dir.newKey(user, c.now, c.propagationFailures);
  return queryOk('CreateAccessKey', IAM_NS, {
    AccessKey: {
      UserName: user.userName,
      AccessKeyId: accessKeyId,
      Status: status,
      SecretAccessKey: secretAccessKey,
      CreateDate: createDate.toISOString(),
    },
  });
}

/**
 * ListAccessKeys with IAM's paging: `MaxItems` (1–1000, default 100) and the
 * opaque `Marker` of the previous page; `IsTruncated` says whether more follow.
 */
function list(user: FakeIamUser, params: URLSearchParams, c: KeyActionContext): FakeReply {
  const maxItems = params.get('MaxItems');
  const max = maxItems === null ? c.defaultMaxItems : Number(maxItems);
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    return queryError(
      400,
      'ValidationError',
      `1 validation error detected: Value '${maxItems ?? ''}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
      IAM_NS,
    );
  const marker = params.get('Marker');
  const start =
    marker === null
      ? 0
      : Number(
          Buffer.from(marker, 'base64url')
            .toString('utf8')
            .replace(/^page:/, ''),
        );
  if (!Number.isInteger(start) || start < 0) return queryError(400, 'ValidationError', 'Invalid Marker.', IAM_NS);
  const all = [...user.keys.values()];
  const page = all.slice(start, start + max).map((k) => ({
    UserName: user.userName,
    AccessKeyId: k.accessKeyId,
    Status: k.status,
    CreateDate: k.createDate.toISOString(),
  }));
  const truncated = start + max < all.length;
  return queryOk('ListAccessKeys', IAM_NS, {
    UserName: user.userName,
    AccessKeyMetadata: page,
    IsTruncated: String(truncated),
    ...(truncated ? { Marker: Buffer.from(`page:${start + max}`).toString('base64url') } : {}),
  });
}

function update(user: FakeIamUser, id: string, status: string): FakeReply {
  const key = user.keys.get(id);
  if (!key) return noSuchKey(id);
  if (status !== 'Active' && status !== 'Inactive')
    return queryError(400, 'ValidationError', `Value '${status}' at 'status' failed to satisfy constraint`, IAM_NS);
  key.status = status;
  return queryOk('UpdateAccessKey', IAM_NS);
}

export function noSuchUser(name: string): FakeReply {
  return queryError(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`, IAM_NS);
}

function noSuchKey(id: string): FakeReply {
  return queryError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`, IAM_NS);
}
