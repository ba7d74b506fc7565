import { FakeEmulator } from './fake-emulator.js';
import {
  FakeKeyRing,
  googleError,
  keyResource,
  parseJson,
  projectNumbers,
  restrictionsOf,
  type FakeApiKey,
  type FakeKeyRestrictions,
} from './fake-google-api-keys-state.js';
import { FakeOperations } from './fake-google-operations.js';
import {
  bearerRoutes,
  jsonReply,
  offsetPage,
  type FakeProtocol,
  type FakeReply,
  type FakeRequest,
  type FakeRoute,
} from './fake-http.js';
import { placesSearchText, serviceDisabledReply, type PlacesCaller } from './fake-places.js';
import type { StateFormat } from './state-file.js';
import type { LocalServerLimits } from '@docugen-secrets/local-http';

export type FakeGoogleOperation =
  | 'CreateKey'
  | 'ListKeys'
  | 'GetKey'
  | 'GetKeyString'
  | 'UpdateKey'
  | 'DeleteKey'
  | 'UndeleteKey'
  | 'GetOperation'
  | 'LookupKey'
  | 'SearchText';

export interface FakeGoogleApisOptions {
  /** The OAuth access token the API Keys endpoints accept as `Authorization: Bearer`. */
  readonly accessToken?: string;
  /**
   * GetOperation polls a long-running operation answers `done: false` before
   * it completes (default 1: as upstream, the first reply is never finished).
   */
  readonly operationPolls?: number;
  /** Project numbers by project id (key names carry the number); others get a stable made-up number. */
  readonly projectNumbers?: Readonly<Record<string, string>>;
  /** Places calls a new key fails with API_KEY_INVALID before it works (propagation). */
  readonly propagationFailures?: number;
  /** The address Places sees the caller at, for server-key (IP) restrictions; default 127.0.0.1. */
  readonly placesCallerIp?: string;
  /** Projects (ids or numbers) with the Places API disabled: their keys get 403 SERVICE_DISABLED. */
  readonly placesDisabledProjects?: readonly string[];
  /** Projects (ids or numbers) with the API Keys API disabled: calls about their keys get 403 SERVICE_DISABLED. */
  readonly apiKeysDisabledProjects?: readonly string[];
  /** Projects (ids or numbers) the Places caller may bill via `X-Goog-User-Project` besides its key's own. */
  readonly placesBillableProjects?: readonly string[];
  readonly now?: () => Date;
  /**
   * Keep the keys in this JSON file (loaded at start, saved after every
   * operation, mode 0600) so a local run survives restarts.
   */
  readonly statePath?: string;
  /** Body limit and header/request timeouts of its HTTP server (local-http's defaults otherwise). */
  readonly limits?: Partial<LocalServerLimits>;
}

/** The header of a Google APIs emulator state file. */
export const GOOGLE_APIS_STATE: StateFormat = { format: 'docugen-secrets/local-google-apis-state', version: 1 };

/** What a test may read of one upstream key. */
export interface FakeApiKeyView {
  readonly name: string;
  readonly displayName: string;
  readonly restrictions: FakeKeyRestrictions;
  readonly deleted: boolean;
}

const KEYS = /^\/v2\/projects\/([^/]+)\/locations\/global\/keys$/;
const KEY = /^\/v2\/(projects\/[^/]+\/locations\/global\/keys\/[^/:]+)(\/keyString|:undelete)?$/;
const OPERATION = /^\/v2\/(operations\/[^/]+)$/;

/**
 * A local stand-in for the API Keys API v2 (REST, as `@google-cloud/apikeys`
 * speaks it with its REST transport) and the Places API (New) text search
 * that proves a key works. Mutations are long-running operations; deletion is
 * a soft delete (the key keeps its `deleteTime` and can be undeleted), as
 * upstream, where a deleted key is recoverable for 30 days.
 */
export class FakeGoogleApis extends FakeEmulator<FakeGoogleOperation> {
  readonly accessToken: string;
  readonly #ring: FakeKeyRing;
  readonly #operations: FakeOperations;
  readonly #propagationFailures: number;
  readonly #caller: PlacesCaller;
  readonly #apiKeysDisabled: readonly string[];
  readonly #now: () => Date;

  private constructor(options: FakeGoogleApisOptions) {
    super(
      { name: 'the Google APIs emulator', starter: 'FakeGoogleApis.start()' },
      options.statePath,
      GOOGLE_APIS_STATE,
    );
    this.accessToken = options.accessToken ?? 'fake-google-oauth-token';
    this.#ring = new FakeKeyRing(projectNumbers(options.projectNumbers));
    this.#operations = new FakeOperations(options.operationPolls ?? 1);
    this.#propagationFailures = options.propagationFailures ?? 0;
    const numberOf = this.#ring.numberOf;
    this.#caller = {
      ip: options.placesCallerIp ?? '127.0.0.1',
      disabledProjects: (options.placesDisabledProjects ?? []).map(numberOf),
      billableProjects: (options.placesBillableProjects ?? []).map(numberOf),
      numberOf,
    };
    this.#apiKeysDisabled = (options.apiKeysDisabledProjects ?? []).map(numberOf);
    this.#now = options.now ?? (() => new Date());
  }

  static async start(options: FakeGoogleApisOptions = {}): Promise<FakeGoogleApis> {
    const fake = new FakeGoogleApis(options);
    const saved = await fake.loadState();
    if (saved) fake.#ring.restore(saved.body['keys'], saved.read);
    await fake.listen(options.limits);
    return fake;
  }

  protected stateBody(): Record<string, unknown> {
    return { keys: this.#ring.snapshot() };
  }

  /** Creates a key directly upstream (already working), e.g. the one in use before a rotation. Call `save()` to persist it. */
  seedKey(
    project: string,
    input: { displayName: string; restrictions: FakeKeyRestrictions },
  ): { name: string; keyString: string } {
    const key = this.#ring.create(project, input, this.#now(), 0);
    return { name: key.name, keyString: key.keyString };
  }

  /** The number key names carry for `project` (an id or a number). */
  projectNumber(project: string): string {
    return this.#ring.numberOf(project);
  }

  keys(project: string): FakeApiKeyView[] {
    return this.#ring.ofProject(project).map((k) => ({
      name: k.name,
      displayName: k.displayName,
      restrictions: k.restrictions,
      deleted: k.deleteTime !== undefined,
    }));
  }

  /** Every key string the fake ever issued (for proving none leaks). */
  issuedSecrets(): string[] {
    return [...this.#ring.issued, this.accessToken];
  }

  protected protocol(): FakeProtocol<FakeGoogleOperation> {
    return {
      route: (req) => this.#route(req),
      throttled: () => googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded (injected fault).'),
      serverError: () => googleError(500, 'INTERNAL', 'Internal error encountered (injected fault).'),
    };
  }

  #route(req: FakeRequest): FakeRoute<FakeGoogleOperation> | FakeReply {
    if (req.method === 'POST' && req.path === '/v1/places:searchText')
      return { op: 'SearchText', run: () => placesSearchText(req, this.#ring, this.#caller) };
    const authed = bearerRoutes<FakeGoogleOperation>(req, this.accessToken, () =>
      googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
    );
    const disabled = this.#apiKeysDisabledFor(req.path);
    if (disabled !== undefined) return serviceDisabledReply('apikeys.googleapis.com', 'API Keys API', disabled);
    if (req.method === 'GET' && req.path === '/v2/keys:lookupKey')
      return authed('LookupKey', () => this.#lookup(req.query.get('keyString') ?? ''));
    const keys = KEYS.exec(req.path);
    if (keys) {
      const project = keys[1] ?? '';
      if (req.method === 'POST') return authed('CreateKey', () => this.#create(project, req));
      if (req.method === 'GET') return authed('ListKeys', () => this.#list(project, req));
    }
    const key = KEY.exec(req.path);
    if (key) return this.#keyRoute(req, this.#ring.canonical(key[1] ?? ''), key[2], authed);
    const op = OPERATION.exec(req.path);
    if (op && req.method === 'GET') return authed('GetOperation', () => this.#operations.poll(op[1] ?? ''));
    return googleError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}.`);
  }

  /** The project number of a key path whose project has the API Keys API disabled. */
  #apiKeysDisabledFor(path: string): string | undefined {
    const project = /^\/v2\/projects\/([^/]+)\//.exec(path)?.[1];
    const number = project === undefined ? undefined : this.#ring.numberOf(project);
    return number !== undefined && this.#apiKeysDisabled.includes(number) ? number : undefined;
  }

  #keyRoute(
    req: FakeRequest,
    name: string,
    suffix: string | undefined,
    authed: (op: FakeGoogleOperation, run: () => FakeReply) => FakeRoute<FakeGoogleOperation>,
  ): FakeRoute<FakeGoogleOperation> | FakeReply {
    const live =
      (run: (k: FakeApiKey) => FakeReply, allowDeleted = false) =>
      () => {
        const k = this.#ring.keys.get(name);
        return k && (allowDeleted || !k.deleteTime) ? run(k) : googleError(404, 'NOT_FOUND', `Key ${name} not found.`);
      };
    if (suffix === '/keyString' && req.method === 'GET')
      return authed(
        'GetKeyString',
        live((k) => jsonReply(200, { keyString: k.keyString })),
      );
    if (suffix === ':undelete' && req.method === 'POST')
      return authed(
        'UndeleteKey',
        live((k) => this.#undelete(k), true),
      );
    if (suffix !== undefined) return googleError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}.`);
    // A soft-deleted key is still there for GetKey, with its deleteTime, as upstream.
    if (req.method === 'GET')
      return authed(
        'GetKey',
        live((k) => jsonReply(200, keyResource(k)), true),
      );
    if (req.method === 'PATCH')
      return authed(
        'UpdateKey',
        live((k) => this.#update(k, req)),
      );
    if (req.method === 'DELETE')
      return authed(
        'DeleteKey',
        live((k) => this.#softDelete(k)),
      );
    return googleError(405, 'UNIMPLEMENTED', `Method ${req.method} not allowed.`);
  }

  #create(project: string, req: FakeRequest): FakeReply {
    const body = parseJson(req.body);
    const displayName = typeof body['displayName'] === 'string' ? body['displayName'] : '';
    if (displayName.length > 63)
      return googleError(400, 'INVALID_ARGUMENT', 'displayName must be at most 63 characters.');
    const keyId = req.query.get('keyId') ?? undefined;
    if (keyId !== undefined && this.#ring.ofProject(project).some((k) => k.name.endsWith(`/${keyId}`)))
      return googleError(409, 'ALREADY_EXISTS', `Key ${keyId} already exists.`);
    const restrictions = restrictionsOf(body);
    const key = this.#ring.create(
      project,
      { displayName, restrictions, ...(keyId === undefined ? {} : { keyId }) },
      this.#now(),
      this.#propagationFailures,
    );
    // CreateKey's result is the only Key message that carries the key string (the secret).
    return this.#operations.start({ ...keyResource(key), keyString: key.keyString });
  }

  #list(project: string, req: FakeRequest): FakeReply {
    const showDeleted = req.query.get('showDeleted') === 'true';
    const all = this.#ring.ofProject(project).filter((k) => showDeleted || !k.deleteTime);
    const pageSize = Math.min(Number(req.query.get('pageSize') ?? '') || 2, 300);
    const { page, next } = offsetPage(all, req.query, pageSize);
    return jsonReply(200, { keys: page.map(keyResource), ...next });
  }

  /** LookupKey: the name and parent of the live key with this key string. */
  #lookup(keyString: string): FakeReply {
    const key = this.#ring.byKeyString(keyString);
    if (!key || key.deleteTime) return googleError(404, 'NOT_FOUND', 'No API key matches the given key string.');
    return jsonReply(200, { parent: key.name.slice(0, key.name.indexOf('/keys/')), name: key.name });
  }

  #update(key: FakeApiKey, req: FakeRequest): FakeReply {
    const body = parseJson(req.body);
    const mask = (req.query.get('updateMask') ?? 'displayName,restrictions').split(',');
    if (mask.includes('restrictions')) key.restrictions = restrictionsOf(body);
    if (mask.includes('displayName') && typeof body['displayName'] === 'string') key.displayName = body['displayName'];
    key.updateTime = this.#now();
    return this.#operations.start(keyResource(key));
  }

  #softDelete(key: FakeApiKey): FakeReply {
    key.deleteTime = this.#now();
    return this.#operations.start(keyResource(key));
  }

  #undelete(key: FakeApiKey): FakeReply {
    if (!key.deleteTime) return googleError(400, 'FAILED_PRECONDITION', `Key ${key.name} is not deleted.`);
    delete key.deleteTime;
    return this.#operations.start(keyResource(key));
  }
}
