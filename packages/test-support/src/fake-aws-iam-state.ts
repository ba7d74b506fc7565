import { randomBytes } from 'node:crypto';

/** One access key as the fake keeps it (secret included: this is the upstream side). */
export interface FakeIamKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly userName: string;
  status: 'Active' | 'Inactive';
  readonly createDate: Date;
  lastUsed?: { readonly date: Date; readonly service: string; readonly region: string };
  /** Authentications still refused as not yet propagated (IAM is eventually consistent). */
  unpropagated: number;
}

export interface FakeIamUser {
  readonly userName: string;
  readonly userId: string;
  readonly keys: Map<string, FakeIamKey>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Random uppercase identifier text, as IAM's AKIA…/AIDA… ids. */
export function iamId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += ALNUM[b % ALNUM.length] ?? 'A';
  return out;
}

/**
 * A canary secret access key (40 characters, like AWS's): recognisable in any
 * log or error text that should never contain it.
 */
export function canarySecret(label: string): string {
  return `canary${label}${randomBytes(30).toString('base64url')}`.slice(0, 40);
}

/** IAM users and their access keys, with AWS's per-user key quota. */
export class FakeIamDirectory {
  readonly users = new Map<string, FakeIamUser>();
  /** Every secret ever issued, deleted keys included (for leak checks). */
  readonly issued: string[] = [];

  constructor(readonly maxKeysPerUser: number) {}

  addUser(userName: string): FakeIamUser {
    const existing = this.users.get(userName);
    if (existing) return existing;
    const user: FakeIamUser = { userName, userId: iamId('AIDA', 17), keys: new Map() };
    this.users.set(userName, user);
    return user;
  }

  /** The key and its owner, wherever it lives. */
  findKey(accessKeyId: string): FakeIamKey | undefined {
    for (const user of this.users.values()) {
      const key = user.keys.get(accessKeyId);
      if (key) return key;
    }
    return undefined;
  }

  /** Creates a key for `user` (the quota is the caller's check). */
  newKey(user: FakeIamUser, createDate: Date, unpropagated: number): FakeIamKey {
    const key: FakeIamKey = { accessKeyId: iamId('AKIA', 16), secretAccessKey: canarySecret('iam'), userName: user.userName, status: 'Active', createDate, unpropagated };
    user.keys.set(key.accessKeyId, key);
    this.issued.push(key.secretAccessKey);
    return key;
  }
}
