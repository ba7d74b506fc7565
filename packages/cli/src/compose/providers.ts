import { join, relative } from 'node:path';
import { DocugenError } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { ProviderPorts } from '@docugen-secrets/rotation';
import type { CommandContext } from '../command.js';
import type { Closer } from './aws.js';
import type { BackendErrorCode } from './git-init.js';

/** The OAuth scope that covers API Keys and Cloud Storage HMAC keys. */
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/** The provider kinds and what each needs, for "skipped" notes. */
const KINDS = ['google-api-key', 'aws-iam-access-key', 'gcs-hmac-key'] as const;

function usedKinds(manifests: readonly SecretManifest[]): Set<string> {
  return new Set(manifests.map((m) => m.rotation.kind).filter((k) => (KINDS as readonly string[]).includes(k)));
}

/**
 * Local mode: the provider emulators in-process (ephemeral loopback ports,
 * state in `.local/emulators/`, dates from the run's clock), the IAM users
 * the manifests name provisioned in their accounts, and the same adapters as
 * production (the AWS SDK, `@google-cloud/apikeys`, fetch) pointed at them.
 */
export async function localProviderPorts(
  ctx: CommandContext,
  manifests: readonly SecretManifest[],
  stateDir: string,
  notes: string[],
  closers: Closer[],
): Promise<ProviderPorts> {
  if (usedKinds(manifests).size === 0) return {};
  const { startLocalEmulators } = await import('@docugen-secrets/local-emulators');
  const { apiKeysClientAdapter, placesProbe, iamSdkAdapter, gcsHmacRestAdapter } =
    await import('@docugen-secrets/rotation');
  const { OAuth2Client } = await import('google-auth-library');
  const dir = join(stateDir, 'emulators');
  const emulators = await startLocalEmulators({ stateDir: dir, now: () => ctx.clock.now() });
  closers.push(() => emulators.close());
  for (const m of manifests) {
    if (m.rotation.kind === 'aws-iam-access-key')
      emulators.iam.addUser(
        m.rotation.userName,
        m.rotation.accountId === undefined ? {} : { accountId: m.rotation.accountId },
      );
    if (m.rotation.kind === 'gcs-hmac-key') emulators.gcs.addServiceAccount(m.rotation.serviceAccountEmail);
  }
  await emulators.iam.save();
  await emulators.gcs.save();
  // A fixed bearer token without expiry: google-auth-library never refreshes it, so no network is tried.
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: emulators.google.accessToken });
  const keys = apiKeysClientAdapter({
    authClient: auth,
    apiEndpoint: '127.0.0.1',
    port: emulators.google.port,
    protocol: 'http',
  });
  closers.push(() => keys.close());
  notes.push(
    `providers: local emulators of Google API Keys + Places, IAM + STS and Cloud Storage HMAC, state in ${relative(ctx.cwd, dir)}`,
  );
  return {
    googleApiKeys: { keys, places: placesProbe({ baseUrl: emulators.google.url }) },
    iam: iamSdkAdapter({
      iamEndpoint: emulators.iam.url,
      stsEndpoint: emulators.iam.url,
      credentials: emulators.iam.adminCredentials,
    }),
    gcsHmac: gcsHmacRestAdapter({
      accessToken: () => Promise.resolve(emulators.gcs.accessToken),
      jsonBaseUrl: emulators.gcs.url,
      xmlBaseUrl: emulators.gcs.url,
      clock: ctx.clock,
    }),
  };
}

export interface CloudProviderOptions {
  /** Real AWS credentials are configured (the SDK's default chain finds them). */
  readonly awsCredentials: boolean;
  /** Use Google Application Default Credentials (also implied by GOOGLE_APPLICATION_CREDENTIALS). */
  readonly googleAdc: boolean;
  readonly region: string;
}

/**
 * AWS mode: the real providers, each only when its credentials are
 * configured; an unconfigured kind stays unregistered, so its secrets are
 * reported "skipped: provider not configured" — never a pretended success.
 */
export async function cloudProviderPorts(
  ctx: CommandContext,
  manifests: readonly SecretManifest[],
  o: CloudProviderOptions,
  notes: string[],
  closers: Closer[],
): Promise<ProviderPorts> {
  const used = usedKinds(manifests);
  if (used.size === 0) return {};
  const rotation = await import('@docugen-secrets/rotation');
  const iam =
    o.awsCredentials && used.has('aws-iam-access-key') ? rotation.iamSdkAdapter({ region: o.region }) : undefined;
  if (used.has('aws-iam-access-key'))
    notes.push(
      iam
        ? 'aws-iam-access-key: IAM + STS with the AWS SDK default credential chain'
        : 'aws-iam-access-key: not configured (no AWS credentials in the environment)',
    );
  const keyFile = ctx.env['GOOGLE_APPLICATION_CREDENTIALS'] ?? '';
  const googleUsed = used.has('google-api-key') || used.has('gcs-hmac-key');
  if (!googleUsed) return iam ? { iam } : {};
  if (!o.googleAdc && keyFile === '') {
    notes.push(
      'google-api-key, gcs-hmac-key: not configured (set GOOGLE_APPLICATION_CREDENTIALS or pass --google-adc)',
    );
    return iam ? { iam } : {};
  }
  const { GoogleAuth } = await import('google-auth-library');
  // ADC: GOOGLE_APPLICATION_CREDENTIALS, gcloud's application-default login, or the metadata server.
  const auth = new GoogleAuth({ scopes: [CLOUD_PLATFORM] });
  let authClient: Awaited<ReturnType<typeof auth.getClient>>;
  try {
    authClient = await auth.getClient();
  } catch {
    // The error text is left out on purpose: a malformed key file's parse error quotes the file.
    notes.push(
      'google-api-key, gcs-hmac-key: not configured (Application Default Credentials could not be loaded: check GOOGLE_APPLICATION_CREDENTIALS or run "gcloud auth application-default login")',
    );
    return iam ? { iam } : {};
  }
  const keys = rotation.apiKeysClientAdapter({ authClient });
  closers.push(() => keys.close());
  notes.push(
    `google-api-key, gcs-hmac-key: Google APIs with Application Default Credentials${keyFile === '' ? '' : ' (GOOGLE_APPLICATION_CREDENTIALS)'}`,
  );
  const accessToken = async (): Promise<string> => {
    const token = (await authClient.getAccessToken()).token;
    if (typeof token !== 'string' || token === '')
      throw new DocugenError<BackendErrorCode>(
        'CLI_PROVIDER_AUTH',
        'Application Default Credentials gave no access token: check GOOGLE_APPLICATION_CREDENTIALS or run "gcloud auth application-default login"',
      );
    return token;
  };
  return {
    ...(iam ? { iam } : {}),
    googleApiKeys: { keys, places: rotation.placesProbe() },
    gcsHmac: rotation.gcsHmacRestAdapter({ accessToken }),
  };
}
