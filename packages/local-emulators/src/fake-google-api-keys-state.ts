import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { jsonReply, type FakeReply } from './fake-http.js';
import type { StateReader } from './state-file.js';

/** Restrictions as the API Keys v2 REST API spells them (JSON of google.api.apikeys.v2.Restrictions). */
export interface FakeKeyRestrictions {
  apiTargets?: { service: string; methods?: string[] }[];
  browserKeyRestrictions?: { allowedReferrers: string[] };
  serverKeyRestrictions?: { allowedIps: string[] };
  androidKeyRestrictions?: { allowedApplications: { sha1Fingerprint: string; packageName: string }[] };
  iosKeyRestrictions?: { allowedBundleIds: string[] };
}

/** One API key upstream (its key string included: this is the provider's side). */
export interface FakeApiKey {
  readonly name: string;
  readonly uid: string;
  displayName: string;
  readonly keyString: string;
  readonly createTime: Date;
  updateTime: Date;
  deleteTime?: Date;
  restrictions: FakeKeyRestrictions;
  /** Places calls still refused as API_KEY_INVALID (a new key takes a while to work). */
  unpropagated: number;
}

/** The resource JSON the API returns (never the key string: only GetKeyString gives it). */
export function keyResource(k: FakeApiKey): Record<string, unknown> {
  return {
    name: k.name,
    uid: k.uid,
    displayName: k.displayName,
    createTime: k.createTime.toISOString(),
    updateTime: k.updateTime.toISOString(),
    ...(k.deleteTime ? { deleteTime: k.deleteTime.toISOString() } : {}),
    restrictions: k.restrictions,
    etag: `W/"${k.updateTime.getTime().toString(36)}"`,
  };
}

/** A canary key string: shaped like Google's (`AIza` + 35), recognisable in any leak. */
export function canaryKeyString(): string {
  return `AIzaCanary${randomBytes(32).toString('base64url')}`.slice(0, 39);
}

/**
 * Keys of every project, in creation order, deleted ones kept (soft delete,
 * as upstream). As upstream, key names carry the project *number* whatever
 * the caller named the project by (`numberOf` maps an id to its number).
 */
export class FakeKeyRing {
  readonly keys = new Map<string, FakeApiKey>();
  readonly issued: string[] = [];

  constructor(readonly numberOf: (project: string) => string) {}

  /** `projects/{id or number}/…` with the project number, as the API names resources. */
  canonical(name: string): string {
    return name.replace(/^projects\/([^/]+)\//, (_m, p: string) => `projects/${this.numberOf(p)}/`);
  }

  create(
    project: string,
    input: { displayName: string; restrictions: FakeKeyRestrictions; keyId?: string },
    now: Date,
    unpropagated: number,
  ): FakeApiKey {
    const id = input.keyId ?? randomUUID();
    const key: FakeApiKey = {
      name: `projects/${this.numberOf(project)}/locations/global/keys/${id}`,
      uid: randomUUID(),
      displayName: input.displayName,
      keyString: canaryKeyString(),
      createTime: now,
      updateTime: now,
      restrictions: input.restrictions,
      unpropagated,
    };
    this.keys.set(key.name, key);
    this.issued.push(key.keyString);
    return key;
  }

  ofProject(project: string): FakeApiKey[] {
    const prefix = `projects/${this.numberOf(project)}/locations/global/keys/`;
    return [...this.keys.values()].filter((k) => k.name.startsWith(prefix));
  }

  byKeyString(keyString: string): FakeApiKey | undefined {
    return [...this.keys.values()].find((k) => k.keyString === keyString);
  }

  /** The keys as plain JSON data, for a state file. */
  snapshot(): Record<string, unknown>[] {
    return [...this.keys.values()].map((k) => ({
      name: k.name,
      uid: k.uid,
      displayName: k.displayName,
      keyString: k.keyString,
      createTime: k.createTime.toISOString(),
      updateTime: k.updateTime.toISOString(),
      ...(k.deleteTime ? { deleteTime: k.deleteTime.toISOString() } : {}),
      restrictions: k.restrictions,
      unpropagated: k.unpropagated,
    }));
  }

  /** Replaces the keys with those of a state file (`keys` as `snapshot` wrote them). */
  restore(keys: unknown, read: StateReader): void {
    this.keys.clear();
    for (const read_ of read.list(keys, 'keys', (k, at) => keyOf(k, at, read))) {
      const key = { ...read_, name: this.canonical(read_.name) };
      this.keys.set(key.name, key);
      this.issued.push(key.keyString);
    }
  }
}

function keyOf(k: Record<string, unknown>, at: string, read: StateReader): FakeApiKey {
  const deleteTime = read.optionalDate(k['deleteTime'], `${at}.deleteTime`);
  return {
    name: read.string(k['name'], `${at}.name`),
    uid: read.string(k['uid'], `${at}.uid`),
    displayName: read.string(k['displayName'], `${at}.displayName`),
    keyString: read.string(k['keyString'], `${at}.keyString`),
    createTime: read.date(k['createTime'], `${at}.createTime`),
    updateTime: read.date(k['updateTime'], `${at}.updateTime`),
    ...(deleteTime ? { deleteTime } : {}),
    restrictions: read.record(k['restrictions'], `${at}.restrictions`),
    unpropagated: read.count(k['unpropagated'], `${at}.unpropagated`),
  };
}

/**
 * Google's JSON error shape (`google.rpc.Status` over HTTP), with a
 * `google.rpc.ErrorInfo` detail (domain `googleapis.com`) when a reason is given.
 */
export function googleError(
  code: number,
  status: string,
  message: string,
  reason?: string,
  metadata?: Readonly<Record<string, string>>,
): FakeReply {
  const info = { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' };
  const details = reason === undefined ? {} : { details: [metadata === undefined ? info : { ...info, metadata }] };
  return jsonReply(code, { error: { code, message, status, ...details } });
}

/**
 * A project's number for its id: given ones first, else a stable 12-digit
 * number derived from the id (a number stays itself).
 */
export function projectNumbers(given: Readonly<Record<string, string>> = {}): (project: string) => string {
  return (project) => {
    if (/^\d+$/.test(project)) return project;
    const known = given[project];
    if (known !== undefined) return known;
    const digest = createHash('sha256').update(project).digest();
    return String(100_000_000_000 + (digest.readUInt32BE(0) % 900_000_000_000));
  };
}

/** The restrictions of a Key body (JSON of google.api.apikeys.v2.Restrictions). */
export function restrictionsOf(body: Record<string, unknown>): FakeKeyRestrictions {
  const r = body['restrictions'];
  return typeof r === 'object' && r !== null ? r : {};
}

/** A JSON request body as an object; anything else is an empty one. */
export function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8') || '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
