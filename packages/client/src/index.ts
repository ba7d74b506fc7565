/**
 * @packageDocumentation
 * `@docugen-secrets/client` — the secret client DocuGen's services import to
 * pick up rotated secrets without a redeploy or restart.
 *
 * - {@link createSecretClient}`({ source, clock?, timers?, random?, logger?, refreshInterval?, … })`;
 *   `await client.load(ids)` once, then `client.get(id)` is a synchronous memory read.
 * - One refresher per secret at its interval with jitter; a cheap version
 *   check first, values fetched only for new versions; single-flight;
 *   serve-stale-on-error with backoff, `health()`, `maxStaleness`.
 * - Overlap aware: `versions(id)`, constant-time `matches(id, presented)`,
 *   rate-limited `refreshNow(id)`, `signingKeys(id)` (sign with current,
 *   verify with pending + current + previous), `onChange(id, listener)`.
 * - Sources: {@link AwsSource} (DescribeSecret, then GetSecretValue by
 *   version), {@link SopsSource} (a checkout: stat, clear ids, decrypt),
 *   {@link MemorySource} (tests).
 * - Never logs a value; errors are `DocugenError<ClientErrorCode>` with secret ids only.
 */
export { createSecretClient, type SecretClient } from './client.js';
export { type SecretClientOptions, type SecretSpec, type DurationInput } from './options.js';
export { type ClientErrorCode, type ClientError } from './errors.js';
export type { SecretSource, ClientValue, VersionIds } from './source.js';
export type { HeldVersion, SecretVersions, ChangeEvent } from './entry.js';
export type { ClientHealth, SecretHealth } from './health.js';
export { type SigningKeySet, type PrivateJwk, type PublicJwk, publicJwk } from './signing.js';
export { type Timers, systemTimers } from './timers.js';
export { MemorySource } from './sources/memory.js';
export { AwsSource, type AwsSourceOptions, stagesFromLabels } from './sources/aws.js';
export { SopsSource, type SopsSourceOptions } from './sources/sops.js';
export { RoutedSource } from './sources/routed.js';
