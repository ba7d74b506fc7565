import type { AccessKeyMetadata, IAMClient, IAMClientConfig } from '@aws-sdk/client-iam';
import type * as IamSdk from '@aws-sdk/client-iam';
import type { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { isDocugenError } from '@docugen-secrets/core';
import { providerError } from '../upstream/errors.js';
import type { CallerIdentity, Gone, IamAccessKeyMeta, IamCredentials, IamKeysPort } from './port.js';

export interface IamSdkOptions {
  /** The region STS is called in (regional STS endpoints sign with their region). */
  readonly region?: string;
  /**
   * The region IAM requests are signed for. IAM is a global service whose
   * requests are signed for us-east-1 in the aws partition (cn-north-1 in
   * China, us-gov-west-1 in GovCloud) whatever region the run is in; the SDK
   * picks it by itself only for its own endpoint, not for an override (a VPC
   * endpoint, the local emulator), hence this option. Default us-east-1.
   */
  readonly iamSigningRegion?: string;
  /** Endpoint overrides (the local fake in tests, a VPC endpoint in production). */
  readonly iamEndpoint?: string;
  readonly stsEndpoint?: string;
  /** The rotator's own credentials; omitted, the SDK's default chain is used. */
  readonly credentials?: IAMClientConfig['credentials'];
  /** SDK attempts per call (its standard retry mode: throttling, 5xx, dropped connections). */
  readonly maxAttempts?: number;
}

/** The IAM SDK module and a client on it, loaded on the first call. */
interface Iam {
  readonly sdk: typeof IamSdk;
  readonly client: IAMClient;
}

/**
 * Builds the IAM port on the real AWS SDK v3 clients. The IAM and STS SDKs load
 * on the first call: a run without IAM keys never loads them.
 */
export function iamSdkAdapter(options: IamSdkOptions = {}): IamKeysPort {
  const region = options.region ?? 'us-east-1';
  const maxAttempts = options.maxAttempts ?? 5;
  let loading: Promise<Iam> | undefined;
  const iam = (): Promise<Iam> =>
    (loading ??= import('@aws-sdk/client-iam').then((sdk) => ({
      sdk,
      client: new sdk.IAMClient({
        region: options.iamSigningRegion ?? 'us-east-1',
        maxAttempts,
        ...(options.iamEndpoint === undefined ? {} : { endpoint: options.iamEndpoint }),
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      }),
    })));
  const sts = async (
    credentials: IamCredentials,
  ): Promise<{ client: STSClient; command: GetCallerIdentityCommand }> => {
    const sdk = await import('@aws-sdk/client-sts');
    const client = new sdk.STSClient({
      region,
      maxAttempts,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
      ...(options.stsEndpoint === undefined ? {} : { endpoint: options.stsEndpoint }),
    });
    return { client, command: new sdk.GetCallerIdentityCommand({}) };
  };
  return {
    listAccessKeys: (userName) => call('ListAccessKeys', userName, async () => listAll(await iam(), userName)),
    createAccessKey: (userName) => call('CreateAccessKey', userName, async () => create(await iam(), userName)),
    setAccessKeyStatus: (userName, id, status) =>
      call('UpdateAccessKey', userName, async () => {
        const { sdk, client } = await iam();
        return gone(
          client.send(new sdk.UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: id, Status: status })),
        );
      }),
    deleteAccessKey: (userName, id) =>
      call('DeleteAccessKey', userName, async () => {
        const { sdk, client } = await iam();
        return gone(client.send(new sdk.DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: id })));
      }),
    lastUsed: (id) => call('GetAccessKeyLastUsed', id, async () => lastUsed(await iam(), id)),
    callerIdentity: async (credentials) => callerIdentity(await sts(credentials)),
  };
}

async function listAll({ sdk, client }: Iam, userName: string): Promise<IamAccessKeyMeta[]> {
  const keys: IamAccessKeyMeta[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(
      new sdk.ListAccessKeysCommand({ UserName: userName, ...(marker === undefined ? {} : { Marker: marker }) }),
    );
    keys.push(...(page.AccessKeyMetadata ?? []).map(toMeta));
    marker = page.IsTruncated === true ? page.Marker : undefined;
  } while (marker !== undefined);
  return keys;
}

function toMeta(m: AccessKeyMetadata): IamAccessKeyMeta {
  return {
    accessKeyId: m.AccessKeyId ?? '',
    status: m.Status === 'Active' ? 'Active' : 'Inactive',
    createDate: m.CreateDate ?? new Date(0),
  };
}

async function create({ sdk, client }: Iam, userName: string): Promise<IamCredentials & { createDate: Date }> {
  try {
    const out = await client.send(new sdk.CreateAccessKeyCommand({ UserName: userName }));
    const key = out.AccessKey;
    if (!key?.AccessKeyId || !key.SecretAccessKey) {
      throw providerError(
        'ROTATION_PROVIDER_CALL_FAILED',
        `IAM CreateAccessKey for user "${userName}" answered without an access key`,
        { userName, operation: 'CreateAccessKey' },
      );
    }
    return {
      accessKeyId: key.AccessKeyId,
      secretAccessKey: key.SecretAccessKey,
      createDate: key.CreateDate ?? new Date(),
    };
  } catch (err) {
    if (nameOf(err) === 'LimitExceededException') {
      throw providerError(
        'ROTATION_PROVIDER_KEY_LIMIT',
        `IAM user "${userName}" already has the maximum number of access keys`,
        { userName, operation: 'CreateAccessKey' },
        err,
      );
    }
    throw err;
  }
}

async function lastUsed({ sdk, client }: Iam, id: string): Promise<Date | undefined | 'not-found'> {
  try {
    const out = await client.send(new sdk.GetAccessKeyLastUsedCommand({ AccessKeyId: id }));
    return out.AccessKeyLastUsed?.LastUsedDate;
  } catch (err) {
    if (nameOf(err) === 'NoSuchEntityException') return 'not-found';
    throw err;
  }
}

async function gone(p: Promise<unknown>): Promise<Gone> {
  try {
    await p;
    return 'done';
  } catch (err) {
    if (nameOf(err) === 'NoSuchEntityException') return 'not-found';
    throw err;
  }
}

/** STS answers for a key that is unknown, not yet propagated or inactive. */
const REFUSALS = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'ExpiredToken',
  'UnrecognizedClientException',
]);

async function callerIdentity({
  client,
  command,
}: {
  client: STSClient;
  command: GetCallerIdentityCommand;
}): Promise<CallerIdentity> {
  try {
    const out = await client.send(command);
    return { ok: true, arn: out.Arn ?? '', account: out.Account ?? '' };
  } catch (err) {
    const code = nameOf(err);
    if (REFUSALS.has(code)) return { ok: false, code, retryable: true };
    return { ok: false, code: code === '' ? 'NetworkError' : code, retryable: true };
  } finally {
    client.destroy();
  }
}

/** The IAM errors of a caller without the permission (the Query protocol's and the JSON one's). */
const DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

/** Runs one SDK call; failures become value-free CALL_FAILED errors (the SDK error kept as cause). */
async function call<T>(operation: string, subject: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isDocugenError(err)) throw err;
    if (DENIED.has(nameOf(err))) {
      throw providerError(
        'ROTATION_PROVIDER_PERMISSION_DENIED',
        `IAM ${operation} for "${subject}" was denied: the rotator's identity lacks iam:${operation}; grant it on the user (see docs/runbooks/providers.md, Permissions), then rerun`,
        { operation, subject, action: `iam:${operation}`, awsError: nameOf(err) },
        err,
      );
    }
    throw providerError(
      'ROTATION_PROVIDER_CALL_FAILED',
      `IAM ${operation} for "${subject}" failed: ${nameOf(err) || 'network error'}; the SDK already retried, rerun the rotation later`,
      { operation, subject, awsError: nameOf(err) },
      err,
    );
  }
}

function nameOf(err: unknown): string {
  return err instanceof Error ? err.name : '';
}
