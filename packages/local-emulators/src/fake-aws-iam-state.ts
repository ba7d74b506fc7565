import { randomBytes } from 'node:crypto';
import type { StateReader } from './state-file.js';
import { useJson, useOf } from './fake-aws-iam-usage.js';

/** One use of an access key: when, and the service and region the request named. */
export interface FakeIamUse {
  readonly date: Date;
  readonly service: string;
  readonly region: string;
}

/** One access key as the fake keeps it (secret included: this is the upstream side). */
export interface FakeIamKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly userName: string;
  status: 'Active' | 'Inactive';
  readonly createDate: Date;
  /** The latest use IAM already reports (see fake-aws-iam-usage). */
  lastUsed?: FakeIamUse;
  /** Uses IAM does not report yet, oldest first. */
  unreported: FakeIamUse[];
  /** Authentications still refused as not yet propagated (IAM is eventually consistent). */
  unpropagated: number;
}

export interface FakeIamUser {
  readonly userName: string;
  readonly userId: string;
  /** The account the user belongs to; undefined: the emulator's default account. */
  readonly accountId?: string;
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

  addUser(userName: string, accountId?: string): FakeIamUser {
    const existing = this.users.get(userName);
    if (existing) return existing;
    const user: FakeIamUser = {
      userName,
      userId: iamId('AIDA', 17),
      ...(accountId === undefined ? {} : { accountId }),
      keys: new Map(),
    };
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
    const key: FakeIamKey = {
      accessKeyId: iamId('AKIA', 16),
      secretAccessKey: canarySecret('iam'),
      userName: user.userName,
      status: 'Active',
      createDate,
      unreported: [],
      unpropagated,
    };
    user.keys.set(key.accessKeyId, key);
    this.issued.push(key.secretAccessKey);
    return key;
  }

  /** Users and keys as plain JSON data, for a state file. */
  snapshot(): Record<string, unknown>[] {
    return [...this.users.values()].map((u) => ({
      userName: u.userName,
      userId: u.userId,
      ...(u.accountId === undefined ? {} : { accountId: u.accountId }),
      keys: [...u.keys.values()].map((k) => ({
        accessKeyId: k.accessKeyId,
        secretAccessKey: k.secretAccessKey,
        status: k.status,
        createDate: k.createDate.toISOString(),
        ...(k.lastUsed ? { lastUsed: useJson(k.lastUsed) } : {}),
        unreported: k.unreported.map(useJson),
        unpropagated: k.unpropagated,
      })),
    }));
  }

  /** Replaces the users with those of a state file (`users` as `snapshot` wrote them). */
  restore(users: unknown, read: StateReader): void {
    this.users.clear();
    for (const user of read.list(users, 'users', (u, at) => userOf(u, at, read))) {
      this.users.set(user.userName, user);
      for (const k of user.keys.values()) this.issued.push(k.secretAccessKey);
    }
  }
}

function userOf(u: Record<string, unknown>, at: string, read: StateReader): FakeIamUser {
  const userName = read.string(u['userName'], `${at}.userName`);
  const accountId = u['accountId'] === undefined ? undefined : read.string(u['accountId'], `${at}.accountId`);
  const keys = read.list(u['keys'], `${at}.keys`, (k, kat) => keyOf(k, kat, userName, read));
  return {
    userName,
    userId: read.string(u['userId'], `${at}.userId`),
    ...(accountId === undefined ? {} : { accountId }),
    keys: new Map(keys.map((k) => [k.accessKeyId, k])),
  };
}

function keyOf(k: Record<string, unknown>, at: string, userName: string, read: StateReader): FakeIamKey {
  const used = k['lastUsed'] === undefined ? undefined : useOf(k['lastUsed'], `${at}.lastUsed`, read);
  return {
    accessKeyId: read.string(k['accessKeyId'], `${at}.accessKeyId`),
    secretAccessKey: read.string(k['secretAccessKey'], `${at}.secretAccessKey`),
    userName,
    status: read.oneOf(k['status'], `${at}.status`, ['Active', 'Inactive']),
    createDate: read.date(k['createDate'], `${at}.createDate`),
    ...(used ? { lastUsed: used } : {}),
    unreported:
      k['unreported'] === undefined
        ? []
        : read.list(k['unreported'], `${at}.unreported`, (u, uat) => useOf(u, uat, read)),
    unpropagated: read.count(k['unpropagated'], `${at}.unpropagated`),
  };
}
