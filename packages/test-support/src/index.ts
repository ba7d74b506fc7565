// The provider emulators (Google API keys + Places, IAM + STS, GCS HMAC) live in
// @docugen-secrets/local-emulators: they are runtime code for local runs, like the
// local Secrets Manager server. Re-exported here so tests keep one import.
export {
  type FakeFault,
  type FakeFaultKind,
  FakeFaults,
  type FakeRequest,
  type FakeReply,
  type RunningFake,
  AWS_SIGV4,
  GOOG_SIGV4,
  type SigV4Dialect,
  type SigV4Authorization,
  parseSigV4Authorization,
  verifySigV4,
  FakeAwsIam,
  type FakeAwsIamOptions,
  type FakeIamOperation,
  type FakeIamKeyView,
  FakeGoogleApis,
  type FakeGoogleApisOptions,
  type FakeGoogleOperation,
  type FakeApiKeyView,
  type FakeKeyRestrictions,
  FakeGcs,
  type FakeGcsOptions,
  type FakeGcsOperation,
  type FakeHmacState,
} from '@docugen-secrets/local-emulators';
export { canary, Observed } from './canary.js';
