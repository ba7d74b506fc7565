import type { RotatorRegistry } from './port.js';
import type { GcsHmacPort } from './gcs-hmac/port.js';
import { gcsHmacKeyRotator } from './gcs-hmac/rotator.js';
import { googleApiKeyRotator, type GoogleApiKeyPorts } from './google-api-key/rotator.js';
import type { IamKeysPort } from './iam-access-key/port.js';
import { iamAccessKeyRotator } from './iam-access-key/rotator.js';
import type { RetryPolicy } from './upstream/retry.js';

/** The provider ports a composition root has configured; a missing one leaves its kind unregistered. */
export interface ProviderPorts {
  readonly googleApiKeys?: GoogleApiKeyPorts;
  readonly iam?: IamKeysPort;
  readonly gcsHmac?: GcsHmacPort;
}

export interface ProviderRotatorOptions {
  /** How long each `test` hook waits for a new credential to be accepted. */
  readonly propagation?: RetryPolicy;
}

/**
 * The provider rotators (google-api-key, aws-iam-access-key, gcs-hmac-key)
 * for the given ports, as a registry to merge with the local rotators. Built
 * with real adapters (`apiKeysClientAdapter` + `placesProbe`,
 * `iamSdkAdapter`, `gcsHmacRestAdapter`) in the CLI/action, with adapters
 * pointed at local fakes in tests.
 */
export function providerRotators(ports: ProviderPorts, options: ProviderRotatorOptions = {}): RotatorRegistry {
  const opts = options.propagation === undefined ? {} : { propagation: options.propagation };
  return {
    ...(ports.googleApiKeys ? { 'google-api-key': googleApiKeyRotator(ports.googleApiKeys, opts) } : {}),
    ...(ports.iam ? { 'aws-iam-access-key': iamAccessKeyRotator(ports.iam, opts) } : {}),
    ...(ports.gcsHmac ? { 'gcs-hmac-key': gcsHmacKeyRotator(ports.gcsHmac, opts) } : {}),
  };
}

export { type ProviderErrorCode, type ProviderError, providerError } from './upstream/errors.js';
export { type RetryPolicy, type ProbeResult, defaultCallRetry, defaultPropagationRetry } from './upstream/retry.js';
export { classifyKeys, type UpstreamKey, type KeyClassification, type ClassifyOptions } from './upstream/untracked.js';
export {
  googleApiKeyRotator,
  type GoogleApiKeyPorts,
  type GoogleApiKeyRotatorOptions,
  type GoogleApiKeyValue,
} from './google-api-key/rotator.js';
export type {
  GoogleApiKeysPort,
  PlacesProbePort,
  GoogleApiKey,
  ApiKeyRestrictions,
  ApiTarget,
  ClientRestriction,
} from './google-api-key/port.js';
export { apiKeysClientAdapter, type ApiKeysClientOptions } from './google-api-key/apikeys-client.js';
export { placesProbe, type PlacesProbeOptions } from './google-api-key/places-probe.js';
export { iamAccessKeyRotator, type IamRotatorOptions, type IamKeyValue } from './iam-access-key/rotator.js';
export type { IamKeysPort, IamAccessKeyMeta, IamCredentials, CallerIdentity } from './iam-access-key/port.js';
export { iamSdkAdapter, type IamSdkOptions } from './iam-access-key/sdk-adapter.js';
export { gcsHmacKeyRotator, type GcsHmacRotatorOptions, type GcsHmacValue } from './gcs-hmac/rotator.js';
export type { GcsHmacPort, HmacKeyMeta, HmacKeyState, HmacCredentials } from './gcs-hmac/port.js';
export { gcsHmacRestAdapter, type GcsRestOptions } from './gcs-hmac/json-api.js';
