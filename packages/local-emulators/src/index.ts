/**
 * @packageDocumentation
 * `@docugen-secrets/local-emulators` — local stand-ins for the providers the
 * rotators talk to, speaking their real wire protocols on 127.0.0.1:
 * - {@link FakeGoogleApis}: API Keys API v2 (REST, as `@google-cloud/apikeys`
 *   speaks it) and Places API (New) text search, the proof that a key works;
 * - {@link FakeAwsIam}: IAM access keys and STS GetCallerIdentity (AWS Query
 *   protocol, SigV4-verified), driven by the real AWS SDK;
 * - {@link FakeGcs}: Cloud Storage HMAC keys (JSON API) and the XML API's
 *   bucket listing signed with GOOG4-HMAC-SHA256.
 *
 * They are runtime code, like the local Secrets Manager server: the CLI's
 * local default rotates every kind of secret against them
 * ({@link startLocalEmulators}), with optional state files so a local run
 * survives restarts; tests use them with fault injection (`faults.inject`).
 * The values they issue are recognisable canaries (`AIzaCanary…`, `canary…`),
 * never usable credentials.
 */
export { type EmulatorErrorCode, type EmulatorError } from './errors.js';
export { type StateFormat } from './state-file.js';
export { type FakeFault, type FakeFaultKind, FakeFaults } from './fake-faults.js';
export { type FakeRequest, type FakeReply, type RunningFake } from './fake-http.js';
export {
  AWS_SIGV4,
  GOOG_SIGV4,
  type SigV4Dialect,
  type SigV4Authorization,
  parseSigV4Authorization,
  verifySigV4,
} from './sigv4-verify.js';
export {
  FakeAwsIam,
  AWS_IAM_STATE,
  type FakeAwsIamOptions,
  type FakeIamOperation,
  type FakeIamKeyView,
} from './fake-aws-iam.js';
export {
  FakeGoogleApis,
  GOOGLE_APIS_STATE,
  type FakeGoogleApisOptions,
  type FakeGoogleOperation,
  type FakeApiKeyView,
} from './fake-google-apis.js';
export { type FakeKeyRestrictions } from './fake-google-api-keys-state.js';
export { FakeGcs, GCS_STATE, type FakeGcsOptions, type FakeGcsOperation } from './fake-gcs-hmac.js';
export { type FakeHmacState } from './fake-gcs-hmac-state.js';
export { startLocalEmulators, LOCAL_STATE_FILES, type LocalEmulators, type LocalEmulatorsOptions } from './local.js';
