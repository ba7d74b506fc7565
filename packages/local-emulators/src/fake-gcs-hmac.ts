import { escapeXml } from './aws-query-xml.js';
import { canarySecret, iamId } from './fake-aws-iam-state.js';
import { emulatorError } from './errors.js';
import { FakeFaults } from './fake-faults.js';
import { metadataOf, restoreKeys, snapshotKeys, type FakeHmacKey, type FakeHmacState } from './fake-gcs-hmac-state.js';
import { bearerOf, jsonReply, startFakeServer, type FakeProtocol, type FakeReply, type FakeRequest, type FakeRoute, type RunningFake } from './fake-http.js';
import { GOOG_SIGV4, parseSigV4Authorization, verifySigV4 } from './sigv4-verify.js';
import { readStateFile, StateReader, StateWriter, type StateFormat } from './state-file.js';
import type { LocalServerLimits } from '@docugen-secrets/local-http';

export type FakeGcsOperation = 'CreateHmacKey' | 'ListHmacKeys' | 'GetHmacKey' | 'UpdateHmacKey' | 'DeleteHmacKey' | 'ListBuckets';

export interface FakeGcsOptions {
  readonly accessToken?: string;
  readonly propagationFailures?: number;
  /** Service accounts that authenticate but may not list buckets (403 AccessDenied). */
  readonly deniedServiceAccounts?: readonly string[];
  readonly now?: () => Date;
  /**
   * Keep the HMAC keys in this JSON file (loaded at start, saved after every
   * operation, mode 0600) so a local run survives restarts.
   */
  readonly statePath?: string;
  /** Body limit and header/request timeouts of its HTTP server (local-http's defaults otherwise). */
  readonly limits?: Partial<LocalServerLimits>;
}

/** The header of a Cloud Storage emulator state file. */
export const GCS_STATE: StateFormat = { format: 'docugen-secrets/local-gcs-state', version: 1 };

const KEYS = /^\/storage\/v1\/projects\/([^/]+)\/hmacKeys$/;
const KEY = /^\/storage\/v1\/projects\/([^/]+)\/hmacKeys\/([^/]+)$/;

/**
 * A local Cloud Storage: the JSON API's HMAC key resource
 * (`projects/{p}/hmacKeys`, OAuth bearer) and the XML API's bucket listing
 * (`GET /`, authenticated by an HMAC key with GOOG4-HMAC-SHA256). As upstream,
 * the secret is returned only by create, and a key must be INACTIVE before
 * it can be deleted.
 */
export class FakeGcs {
  readonly faults = new FakeFaults<FakeGcsOperation>();
  readonly accessToken: string;
  readonly #keys = new Map<string, FakeHmacKey>();
  readonly #issued: string[] = [];
  readonly #counts = new Map<FakeGcsOperation, number>();
  readonly #options: FakeGcsOptions;
  readonly #now: () => Date;
  readonly #writer: StateWriter | undefined;
  #server: RunningFake | undefined;

  private constructor(options: FakeGcsOptions) {
    this.accessToken = options.accessToken ?? 'fake-gcs-oauth-token';
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#writer = options.statePath === undefined ? undefined : new StateWriter(options.statePath, GCS_STATE);
  }

  static async start(options: FakeGcsOptions = {}): Promise<FakeGcs> {
    const fake = new FakeGcs(options);
    if (options.statePath !== undefined) {
      const saved = await readStateFile(options.statePath, GCS_STATE);
      for (const key of saved ? restoreKeys(saved['keys'], new StateReader(options.statePath)) : []) {
        fake.#keys.set(key.accessId, key);
        fake.#issued.push(key.secret);
      }
    }
    fake.#server = await startFakeServer(fake.#protocol(), { faults: fake.faults, counts: fake.#counts, afterRun: () => fake.save(), limits: options.limits });
    return fake;
  }

  /** Writes the state file now (a no-op without `statePath`); operations already do after each call. */
  save(): Promise<void> {
    return this.#writer?.save({ keys: snapshotKeys(this.#keys.values()) }) ?? Promise.resolve();
  }

  get url(): string {
    if (!this.#server) throw emulatorError('EMULATOR_NOT_STARTED', 'the Cloud Storage emulator is not running: create it with FakeGcs.start()');
    return this.#server.url;
  }

  close(): Promise<void> {
    return this.#server?.close() ?? Promise.resolve();
  }

  /** Creates a key directly upstream (already working), e.g. the one in use before a rotation. Call `save()` to persist it. */
  seedKey(projectId: string, serviceAccountEmail: string, options: { state?: FakeHmacState; timeCreated?: Date } = {}): { accessId: string; secret: string } {
    const key = this.#newKey(projectId, serviceAccountEmail, options.timeCreated ?? this.#now(), 0);
    key.state = options.state ?? 'ACTIVE';
    return { accessId: key.accessId, secret: key.secret };
  }

  /** Keys of a service account as the test sees them (deleted ones included). */
  hmacKeys(serviceAccountEmail: string): { accessId: string; state: FakeHmacState; timeCreated: Date }[] {
    return [...this.#keys.values()].filter((k) => k.serviceAccountEmail === serviceAccountEmail).map(({ accessId, state, timeCreated }) => ({ accessId, state, timeCreated }));
  }

  issuedSecrets(): string[] {
    return [...this.#issued, this.accessToken];
  }

  calls(op: FakeGcsOperation): number {
    return this.#counts.get(op) ?? 0;
  }

  #newKey(projectId: string, serviceAccountEmail: string, at: Date, unpropagated: number): FakeHmacKey {
    const key: FakeHmacKey = { accessId: iamId('GOOG1E', 55), secret: canarySecret('gcs'), projectId, serviceAccountEmail, state: 'ACTIVE', timeCreated: at, updated: at, unpropagated };
    this.#keys.set(key.accessId, key);
    this.#issued.push(key.secret);
    return key;
  }

  #protocol(): FakeProtocol<FakeGcsOperation> {
    return {
      route: (req) => this.#route(req),
      throttled: (op) => (op === 'ListBuckets' ? xmlError(429, 'SlowDown', 'Please reduce your request rate.') : gcsError(429, 'rateLimitExceeded', 'The rate of change requests to the project is too high (injected fault).')),
      serverError: (op) => (op === 'ListBuckets' ? xmlError(500, 'InternalError', 'We encountered an internal error (injected fault).') : gcsError(500, 'backendError', 'Backend Error (injected fault).')),
    };
  }

  #route(req: FakeRequest): FakeRoute<FakeGcsOperation> | FakeReply {
    if (req.method === 'GET' && req.path === '/') return { op: 'ListBuckets', run: () => this.#listBuckets(req) };
    const authed = (op: FakeGcsOperation, run: () => FakeReply): FakeRoute<FakeGcsOperation> => ({ op, run: () => (bearerOf(req) === this.accessToken ? run() : gcsError(401, 'authError', 'Invalid Credentials')) });
    const keys = KEYS.exec(req.path);
    if (keys) {
      const project = keys[1] ?? '';
      if (req.method === 'POST') return authed('CreateHmacKey', () => this.#create(project, req));
      if (req.method === 'GET') return authed('ListHmacKeys', () => this.#list(project, req));
    }
    const key = KEY.exec(req.path);
    if (key) {
      const [, project = '', accessId = ''] = key;
      if (req.method === 'GET') return authed('GetHmacKey', () => this.#withKey(project, accessId, (k) => jsonReply(200, metadataOf(k))));
      if (req.method === 'PUT') return authed('UpdateHmacKey', () => this.#withKey(project, accessId, (k) => this.#update(k, req)));
      if (req.method === 'DELETE') return authed('DeleteHmacKey', () => this.#withKey(project, accessId, (k) => this.#delete(k)));
    }
    return gcsError(404, 'notFound', `No route for ${req.method} ${req.path}.`);
  }

  #create(project: string, req: FakeRequest): FakeReply {
    const email = req.query.get('serviceAccountEmail');
    if (email === null || email === '') return gcsError(400, 'required', 'Required parameter: serviceAccountEmail');
    const key = this.#newKey(project, email, this.#now(), this.#options.propagationFailures ?? 0);
    return jsonReply(200, { kind: 'storage#hmacKey', metadata: metadataOf(key), secret: key.secret });
  }

  #list(project: string, req: FakeRequest): FakeReply {
    const email = req.query.get('serviceAccountEmail');
    const showDeleted = req.query.get('showDeletedKeys') === 'true';
    const all = [...this.#keys.values()].filter((k) => k.projectId === project && (email === null || k.serviceAccountEmail === email) && (showDeleted || k.state !== 'DELETED'));
    const max = Number(req.query.get('maxResults') ?? '') || 2;
    const start = Number(req.query.get('pageToken') ?? '') || 0;
    const next = start + max < all.length ? { nextPageToken: String(start + max) } : {};
    return jsonReply(200, { kind: 'storage#hmacKeysMetadata', items: all.slice(start, start + max).map(metadataOf), ...next });
  }

  #withKey(project: string, accessId: string, run: (k: FakeHmacKey) => FakeReply): FakeReply {
    const key = this.#keys.get(accessId);
    return key?.projectId === project ? run(key) : gcsError(404, 'notFound', 'Access ID not found in project.');
  }

  #update(key: FakeHmacKey, req: FakeRequest): FakeReply {
    let state: unknown;
    try {
      state = (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>)['state'];
    } catch {
      return gcsError(400, 'parseError', 'Parse Error');
    }
    if (key.state === 'DELETED') return gcsError(400, 'invalid', 'Cannot update a deleted key.');
    if (state !== 'ACTIVE' && state !== 'INACTIVE') return gcsError(400, 'invalid', 'State must be ACTIVE or INACTIVE.');
    key.state = state;
    key.updated = this.#now();
    return jsonReply(200, metadataOf(key));
  }

  #delete(key: FakeHmacKey): FakeReply {
    if (key.state === 'ACTIVE') return gcsError(400, 'invalid', "Cannot delete keys in 'ACTIVE' state.");
    key.state = 'DELETED';
    key.updated = this.#now();
    return { status: 204 };
  }

  #listBuckets(req: FakeRequest): FakeReply {
    const auth = parseSigV4Authorization(req, GOOG_SIGV4);
    const key = auth ? this.#keys.get(auth.accessKeyId) : undefined;
    if (!auth || key?.state !== 'ACTIVE') return xmlError(403, 'InvalidAccessKeyId', 'The User Id you provided does not exist in our records.');
    if (key.unpropagated > 0) {
      key.unpropagated -= 1;
      return xmlError(403, 'InvalidAccessKeyId', 'The User Id you provided does not exist in our records.');
    }
    if (auth.service !== 'storage' || !verifySigV4(req, auth, key.secret, GOOG_SIGV4)) return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    if (this.#options.deniedServiceAccounts?.includes(key.serviceAccountEmail) === true) return xmlError(403, 'AccessDenied', `${key.serviceAccountEmail} does not have storage.buckets.list access to the Google Cloud project.`);
    const body = `<?xml version='1.0' encoding='UTF-8'?><ListAllMyBucketsResult xmlns="http://doc.s3.amazonaws.com/2006-03-01"><Owner><ID>${escapeXml(key.serviceAccountEmail)}</ID></Owner><Buckets><Bucket><Name>docugen-dr</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`;
    return { status: 200, contentType: 'application/xml; charset=UTF-8', body };
  }
}

function gcsError(code: number, reason: string, message: string): FakeReply {
  return jsonReply(code, { error: { code, message, errors: [{ message, domain: 'global', reason }] } });
}

function xmlError(status: number, code: string, message: string): FakeReply {
  return { status, contentType: 'application/xml; charset=UTF-8', body: `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>` };
}
