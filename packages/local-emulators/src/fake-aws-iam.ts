import { IAM_NS, queryError, queryOk, STS_NS } from './aws-query-xml.js';
import { canarySecret, FakeIamDirectory, iamId, type FakeIamKey } from './fake-aws-iam-state.js';
import { keyAction, noSuchUser } from './fake-aws-iam-keys.js';
import { FakeEmulator } from './fake-emulator.js';
import {
  DEFAULT_USAGE_REPORTING,
  lastUsedReply,
  recordUse,
  reportedUse,
  type IamUsageReporting,
} from './fake-aws-iam-usage.js';
import type { FakeProtocol, FakeReply, FakeRequest, FakeRoute } from './fake-http.js';
import { AWS_SIGV4, parseSigV4Authorization, verifySigV4 } from './sigv4-verify.js';
import type { StateFormat } from './state-file.js';
import type { LocalServerLimits } from '@docugen-secrets/local-http';

export type FakeIamOperation =
  | 'CreateAccessKey'
  | 'ListAccessKeys'
  | 'UpdateAccessKey'
  | 'DeleteAccessKey'
  | 'GetAccessKeyLastUsed'
  | 'GetUser'
  | 'GetCallerIdentity';

const OPERATIONS: readonly FakeIamOperation[] = [
  'CreateAccessKey',
  'ListAccessKeys',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'GetAccessKeyLastUsed',
  'GetUser',
  'GetCallerIdentity',
];

export interface FakeAwsIamOptions {
  readonly accountId?: string;
  /** AWS's quota of access keys per user (2). */
  readonly maxKeysPerUser?: number;
  /** How many authentications with a freshly created key fail with InvalidClientTokenId (eventual consistency). */
  readonly propagationFailures?: number;
  /** The fake's clock for CreateDate and last-used dates. */
  readonly now?: () => Date;
  /**
   * How late and how coarse GetAccessKeyLastUsed reports a use (default, as
   * AWS: 4 hours late, to the minute); `{ delayMs: 0, granularityMs: 1 }` is instant and exact.
   */
  readonly usageReporting?: Partial<IamUsageReporting>;
  /** ListAccessKeys' page size when the caller sends no MaxItems (IAM's default: 100). */
  readonly listPageSize?: number;
  /** IAM actions the admin identity is not allowed (answered 403 AccessDenied), for permission tests. */
  readonly deniedActions?: readonly FakeIamOperation[];
  /**
   * Keep users and keys in this JSON file (loaded at start, saved after
   * every operation, mode 0600) so a local run survives restarts. The admin
   * credentials are new at every start: only this process's callers hold them.
   */
  readonly statePath?: string;
  /** Body limit and header/request timeouts of its HTTP server (local-http's defaults otherwise). */
  readonly limits?: Partial<LocalServerLimits>;
}

/** The header of an IAM emulator state file. */
export const AWS_IAM_STATE: StateFormat = { format: 'docugen-secrets/local-aws-iam-state', version: 1 };

/** A view of one upstream key, for test assertions. */
export interface FakeIamKeyView {
  readonly accessKeyId: string;
  readonly status: 'Active' | 'Inactive';
  readonly createDate: Date;
  readonly lastUsedDate?: Date;
}

type Principal = { readonly kind: 'admin' } | { readonly kind: 'user'; readonly key: FakeIamKey };
type Params = URLSearchParams;

/**
 * A local IAM + STS endpoint speaking the AWS Query protocol subset the IAM
 * access-key rotator calls, driven by the real AWS SDK (endpoint override).
 * Every request must carry a valid SigV4 signature: from the admin
 * credentials (`adminCredentials`) for IAM calls, or from any active,
 * propagated user key (STS GetCallerIdentity, IAM GetUser on oneself), whose
 * last use is then recorded as GetAccessKeyLastUsed reports it.
 */
export class FakeAwsIam extends FakeEmulator<FakeIamOperation> {
  readonly accountId: string;
  readonly adminCredentials = { accessKeyId: iamId('AKIA', 16), secretAccessKey: canarySecret('admin') };
  readonly #dir: FakeIamDirectory;
  readonly #propagationFailures: number;
  readonly #now: () => Date;
  readonly #reporting: IamUsageReporting;
  readonly #denied: ReadonlySet<FakeIamOperation>;
  readonly #listPageSize: number;

  private constructor(options: FakeAwsIamOptions) {
    super({ name: 'the IAM emulator', starter: 'FakeAwsIam.start()' }, options.statePath, AWS_IAM_STATE);
    this.accountId = options.accountId ?? '123456789012';
    this.#dir = new FakeIamDirectory(options.maxKeysPerUser ?? 2);
    this.#propagationFailures = options.propagationFailures ?? 0;
    this.#now = options.now ?? (() => new Date());
    this.#reporting = { ...DEFAULT_USAGE_REPORTING, ...options.usageReporting };
    this.#denied = new Set(options.deniedActions ?? []);
    this.#listPageSize = options.listPageSize ?? 100;
  }

  static async start(options: FakeAwsIamOptions = {}): Promise<FakeAwsIam> {
    const fake = new FakeAwsIam(options);
    const saved = await fake.loadState();
    if (saved) fake.#dir.restore(saved.body['users'], saved.read);
    await fake.listen(options.limits);
    return fake;
  }

  protected stateBody(): Record<string, unknown> {
    return { users: this.#dir.snapshot() };
  }

  /**
   * Adds a user (no-op when it exists), in `accountId` when given (what STS
   * GetCallerIdentity reports for its keys) or the emulator's account.
   * Call `save()` to persist it.
   */
  addUser(userName: string, options: { accountId?: string } = {}): void {
    this.#dir.addUser(userName, options.accountId);
  }

  /**
   * Creates a key directly upstream (already propagated), e.g. the one in use
   * before a rotation; `lastUsedDate` is a use IAM already reports. Call `save()` to persist it.
   */
  seedAccessKey(
    userName: string,
    options: { status?: 'Active' | 'Inactive'; createDate?: Date; lastUsedDate?: Date } = {},
  ): { accessKeyId: string; secretAccessKey: string } {
    const key = this.#dir.newKey(this.#dir.addUser(userName), options.createDate ?? this.#now(), 0);
    key.status = options.status ?? 'Active';
    if (options.lastUsedDate) key.lastUsed = { date: options.lastUsedDate, service: 's3', region: 'eu-west-1' };
    return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  }

  accessKeys(userName: string): FakeIamKeyView[] {
    const keys = [...(this.#dir.users.get(userName)?.keys.values() ?? [])];
    return keys.map((k) => {
      const reported = reportedUse(k, this.#now(), this.#reporting);
      return {
        accessKeyId: k.accessKeyId,
        status: k.status,
        createDate: k.createDate,
        ...(reported ? { lastUsedDate: reported.date } : {}),
      };
    });
  }

  /** Every secret access key the fake ever issued (for proving none leaks). */
  issuedSecrets(): string[] {
    return [...this.#dir.issued, this.adminCredentials.secretAccessKey];
  }

  protected protocol(): FakeProtocol<FakeIamOperation> {
    return {
      route: (req) => this.#route(req),
      throttled: (op) => queryError(400, 'Throttling', 'Rate exceeded', nsOf(op)),
      serverError: (op) =>
        queryError(
          500,
          'ServiceFailure',
          'The request processing has failed because of an unknown error (injected fault).',
          nsOf(op),
        ),
    };
  }

  #route(req: FakeRequest): FakeRoute<FakeIamOperation> | FakeReply {
    const params = new URLSearchParams(req.body.toString('utf8'));
    const action = params.get('Action') ?? '';
    const op = OPERATIONS.find((o) => o === action);
    if (req.method !== 'POST' || !op)
      return queryError(400, 'InvalidAction', `Could not find operation ${action}.`, IAM_NS);
    return { op, run: () => this.#run(req, op, params) };
  }

  #run(req: FakeRequest, op: FakeIamOperation, params: Params): FakeReply {
    const principal = this.#authenticate(req, op === 'GetCallerIdentity' ? 'sts' : 'iam');
    if ('status' in principal) return principal;
    if (principal.kind === 'user')
      recordUse(principal.key, {
        date: this.#now(),
        service: op === 'GetCallerIdentity' ? 'sts' : 'iam',
        region: 'us-east-1',
      });
    if (op === 'GetCallerIdentity') return this.#callerIdentity(principal);
    if (op === 'GetUser') return this.#getUser(principal, params);
    if (principal.kind !== 'admin' || this.#denied.has(op))
      return queryError(
        403,
        'AccessDenied',
        `User: ${this.#callerArn(principal)} is not authorized to perform: iam:${op}`,
        IAM_NS,
      );
    return this.#admin(op, params);
  }

  #authenticate(req: FakeRequest, service: 'iam' | 'sts'): Principal | FakeReply {
    const ns = service === 'sts' ? STS_NS : IAM_NS;
    const auth = parseSigV4Authorization(req, AWS_SIGV4);
    if (!auth) return queryError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token', ns);
    const invalid = queryError(
      403,
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      ns,
    );
    const admin = auth.accessKeyId === this.adminCredentials.accessKeyId;
    const key = admin ? undefined : this.#dir.findKey(auth.accessKeyId);
    if (!admin && key?.status !== 'Active') return invalid;
    if (key && key.unpropagated > 0) {
      key.unpropagated -= 1;
      return invalid;
    }
    const secret = key ? key.secretAccessKey : this.adminCredentials.secretAccessKey;
    // IAM is global: its requests are signed for us-east-1, whatever region the caller runs in.
    if (service === 'iam' && auth.region !== 'us-east-1')
      return queryError(
        403,
        'SignatureDoesNotMatch',
        `Credential should be scoped to a valid region, not '${auth.region}'.`,
        ns,
      );
    if (auth.service !== service || !verifySigV4(req, auth, secret, AWS_SIGV4)) {
      return queryError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
        ns,
      );
    }
    return key ? { kind: 'user', key } : { kind: 'admin' };
  }

  #callerIdentity(p: Principal): FakeReply {
    if (p.kind === 'admin')
      return queryOk('GetCallerIdentity', STS_NS, {
        Arn: this.#callerArn(p),
        UserId: 'AIDAADMIN',
        Account: this.accountId,
      });
    const user = this.#dir.users.get(p.key.userName);
    return queryOk('GetCallerIdentity', STS_NS, {
      Arn: this.#arn(p.key.userName),
      UserId: user?.userId ?? '',
      Account: this.#accountOf(p.key.userName),
    });
  }

  #getUser(p: Principal, params: Params): FakeReply {
    const name = p.kind === 'user' ? p.key.userName : (params.get('UserName') ?? '');
    const user = this.#dir.users.get(name);
    if (!user) return noSuchUser(name);
    return queryOk('GetUser', IAM_NS, {
      User: {
        UserName: user.userName,
        UserId: user.userId,
        Arn: this.#arn(name),
        Path: '/',
        CreateDate: new Date(0).toISOString(),
      },
    });
  }

  #admin(op: Exclude<FakeIamOperation, 'GetCallerIdentity' | 'GetUser'>, params: Params): FakeReply {
    if (op !== 'GetAccessKeyLastUsed')
      return keyAction(op, params, {
        dir: this.#dir,
        now: this.#now(),
        propagationFailures: this.#propagationFailures,
        defaultMaxItems: this.#listPageSize,
      });
    const id = params.get('AccessKeyId') ?? '';
    return lastUsedReply(this.#dir.findKey(id), id, this.#now(), this.#reporting);
  }

  #accountOf(userName: string): string {
    return this.#dir.users.get(userName)?.accountId ?? this.accountId;
  }

  #callerArn(p: Principal): string {
    return p.kind === 'admin' ? `arn:aws:iam::${this.accountId}:user/docugen-rotator` : this.#arn(p.key.userName);
  }

  #arn(userName: string): string {
    return `arn:aws:iam::${this.#accountOf(userName)}:user/${userName}`;
  }
}

function nsOf(op: FakeIamOperation): string {
  return op === 'GetCallerIdentity' ? STS_NS : IAM_NS;
}
