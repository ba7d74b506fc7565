import { escapeXml } from './aws-query-xml.js';
import { canarySecret, iamId } from './fake-aws-iam-state.js';
import { FakeEmulator, type SavedState } from './fake-emulator.js';
import { metadataOf, restoreKeys, snapshotKeys, type FakeHmacKey, type FakeHmacState } from './fake-gcs-hmac-state.js';
import { createHmacKey, deleteHmacKey, gcsError, updateHmacKey } from './fake-gcs-hmac-keys.js';
import {
  bearerRoutes,
  jsonReply,
  offsetPage,
  type FakeProtocol,
  type FakeReply,
  type FakeRequest,
  type FakeRoute,
} from './fake-http.js';
import { GOOG_SIGV4, parseSigV4Authorization, verifySigV4 } from './sigv4-verify.js';
import type { StateFormat } from './state-file.js';
import type { LocalServerLimits } from '@docugen-secrets/local-http';

export type FakeGcsOperation =
  'CreateHmacKey' | 'ListHmacKeys' | 'GetHmacKey' | 'UpdateHmacKey' | 'DeleteHmacKey' | 'ListBuckets';

export interface FakeGcsOptions {
  readonly accessToken?: string;
  readonly propagationFailures?: number;
  /** Service accounts that authenticate but may not list buckets (403 AccessDenied). */
  readonly deniedServiceAccounts?: readonly string[];
  /** Cloud Storage's cap on keys per service account that are not DELETED (10; INACTIVE ones count). */
  readonly maxKeysPerServiceAccount?: number;
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
export class FakeGcs extends FakeEmulator<FakeGcsOperation> {
  readonly accessToken: string;
  readonly #keys = new Map<string, FakeHmacKey>();
  readonly #serviceAccounts = new Set<string>();
  readonly #issued: string[] = [];
  readonly #options: FakeGcsOptions;
  readonly #now: () => Date;

  private constructor(options: FakeGcsOptions) {
    super({ name: 'the Cloud Storage emulator', starter: 'FakeGcs.start()' }, options.statePath, GCS_STATE);
    this.accessToken = options.accessToken ?? 'fake-gcs-oauth-token';
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  static async start(options: FakeGcsOptions = {}): Promise<FakeGcs> {
    const fake = new FakeGcs(options);
    const saved = await fake.loadState();
    if (saved) fake.#restore(saved);
    await fake.listen(options.limits);
    return fake;
  }

  protected stateBody(): Record<string, unknown> {
    return { keys: snapshotKeys(this.#keys.values()), serviceAccounts: [...this.#serviceAccounts] };
  }

  #restore({ body, read }: SavedState): void {
    for (const key of restoreKeys(body['keys'], read)) {
      this.#keys.set(key.accessId, key);
      this.#issued.push(key.secret);
      this.#serviceAccounts.add(key.serviceAccountEmail);
    }
    const accounts = body['serviceAccounts'];
    for (const email of accounts === undefined ? [] : read.array(accounts, 'serviceAccounts'))
      this.#serviceAccounts.add(read.string(email, 'serviceAccounts[]'));
  }

  /**
   * Makes a service account exist (as upstream, keys can be created only for
   * existing ones). `seedKey` adds its account too. Call `save()` to persist it.
   */
  addServiceAccount(email: string): void {
    this.#serviceAccounts.add(email);
  }

  /** Creates a key directly upstream (already working), e.g. the one in use before a rotation. Call `save()` to persist it. */
  seedKey(
    projectId: string,
    serviceAccountEmail: string,
    options: { state?: FakeHmacState; timeCreated?: Date } = {},
  ): { accessId: string; secret: string } {
    this.#serviceAccounts.add(serviceAccountEmail);
    const key = this.#newKey(projectId, serviceAccountEmail, options.timeCreated ?? this.#now(), 0);
    key.state = options.state ?? 'ACTIVE';
    return { accessId: key.accessId, secret: key.secret };
  }

  /** Keys of a service account as the test sees them (deleted ones included). */
  hmacKeys(serviceAccountEmail: string): { accessId: string; state: FakeHmacState; timeCreated: Date }[] {
    return [...this.#keys.values()]
      .filter((k) => k.serviceAccountEmail === serviceAccountEmail)
      .map(({ accessId, state, timeCreated }) => ({ accessId, state, timeCreated }));
  }

  issuedSecrets(): string[] {
    return [...this.#issued, this.accessToken];
  }

  #newKey(projectId: string, serviceAccountEmail: string, at: Date, unpropagated: number): FakeHmacKey {
    const key: FakeHmacKey = {
      accessId: iamId('GOOG1E', 55),
      secret: canarySecret('gcs'),
      projectId,
      serviceAccountEmail,
      state: 'ACTIVE',
      timeCreated: at,
      updated: at,
      generation: 1,
      unpropagated,
    };
    this.#keys.set(key.accessId, key);
    this.#issued.push(key.secret);
    return key;
  }

  protected protocol(): FakeProtocol<FakeGcsOperation> {
    return {
      route: (req) => this.#route(req),
      throttled: (op) =>
        op === 'ListBuckets'
          ? xmlError(429, 'SlowDown', 'Please reduce your request rate.')
          : gcsError(
              429,
              'rateLimitExceeded',
              'The rate of change requests to the project is too high (injected fault).',
            ),
      serverError: (op) =>
        op === 'ListBuckets'
          ? xmlError(500, 'InternalError', 'We encountered an internal error (injected fault).')
          : gcsError(500, 'backendError', 'Backend Error (injected fault).'),
    };
  }

  #route(req: FakeRequest): FakeRoute<FakeGcsOperation> | FakeReply {
    if (req.method === 'GET' && req.path === '/') return { op: 'ListBuckets', run: () => this.#listBuckets(req) };
    const authed = bearerRoutes<FakeGcsOperation>(req, this.accessToken, () =>
      gcsError(401, 'authError', 'Invalid Credentials'),
    );
    const keys = KEYS.exec(req.path);
    if (keys) {
      const project = keys[1] ?? '';
      if (req.method === 'POST') return authed('CreateHmacKey', () => this.#create(project, req));
      if (req.method === 'GET') return authed('ListHmacKeys', () => this.#list(project, req));
    }
    const key = KEY.exec(req.path);
    if (key) {
      const [, project = '', accessId = ''] = key;
      if (req.method === 'GET')
        return authed('GetHmacKey', () => this.#withKey(project, accessId, (k) => jsonReply(200, metadataOf(k))));
      if (req.method === 'PUT')
        return authed('UpdateHmacKey', () =>
          this.#withKey(project, accessId, (k) => updateHmacKey(k, req, this.#now())),
        );
      if (req.method === 'DELETE')
        return authed('DeleteHmacKey', () =>
          this.#withKey(project, accessId, (k) => deleteHmacKey(k, req, this.#now())),
        );
    }
    return gcsError(404, 'notFound', `No route for ${req.method} ${req.path}.`);
  }

  #create(project: string, req: FakeRequest): FakeReply {
    const context = {
      keys: this.#keys,
      now: this.#now(),
      serviceAccounts: this.#serviceAccounts,
      maxKeysPerServiceAccount: this.#options.maxKeysPerServiceAccount ?? 10,
    };
    return createHmacKey(project, req, {
      ...context,
      newKey: (p, email) => this.#newKey(p, email, context.now, this.#options.propagationFailures ?? 0),
    });
  }

  #list(project: string, req: FakeRequest): FakeReply {
    const email = req.query.get('serviceAccountEmail');
    const showDeleted = req.query.get('showDeletedKeys') === 'true';
    const all = [...this.#keys.values()].filter(
      (k) =>
        k.projectId === project &&
        (email === null || k.serviceAccountEmail === email) &&
        (showDeleted || k.state !== 'DELETED'),
    );
    const { page, next } = offsetPage(all, req.query, Number(req.query.get('maxResults') ?? '') || 2);
    return jsonReply(200, {
      kind: 'storage#hmacKeysMetadata',
      items: page.map(metadataOf),
      ...next,
    });
  }

  #withKey(project: string, accessId: string, run: (k: FakeHmacKey) => FakeReply): FakeReply {
    const key = this.#keys.get(accessId);
    return key?.projectId === project ? run(key) : gcsError(404, 'notFound', 'Access ID not found in project.');
  }

  #listBuckets(req: FakeRequest): FakeReply {
    const auth = parseSigV4Authorization(req, GOOG_SIGV4);
    const key = auth ? this.#keys.get(auth.accessKeyId) : undefined;
    if (!auth || key?.state !== 'ACTIVE')
      return xmlError(403, 'InvalidAccessKeyId', 'The User Id you provided does not exist in our records.');
    if (key.unpropagated > 0) {
      key.unpropagated -= 1;
      return xmlError(403, 'InvalidAccessKeyId', 'The User Id you provided does not exist in our records.');
    }
    if (auth.service !== 'storage' || !verifySigV4(req, auth, key.secret, GOOG_SIGV4))
      return xmlError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    if (this.#options.deniedServiceAccounts?.includes(key.serviceAccountEmail) === true)
      return xmlError(
        403,
        'AccessDenied',
        `${key.serviceAccountEmail} does not have storage.buckets.list access to the Google Cloud project.`,
      );
    const body = `<?xml version='1.0' encoding='UTF-8'?><ListAllMyBucketsResult xmlns="http://doc.s3.amazonaws.com/2006-03-01"><Owner><ID>${escapeXml(key.serviceAccountEmail)}</ID></Owner><Buckets><Bucket><Name>docugen-dr</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`;
    return { status: 200, contentType: 'application/xml; charset=UTF-8', body };
  }
}

function xmlError(status: number, code: string, message: string): FakeReply {
  return {
    status,
    contentType: 'application/xml; charset=UTF-8',
    body: `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`,
  };
}
