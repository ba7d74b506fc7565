// Fake provider servers for the provider rotators (Google API keys + Places, IAM + STS, GCS HMAC).
export { type FakeFault, type FakeFaultKind, FakeFaults } from './fake-faults.js';
export { type FakeRequest, type FakeReply, type RunningFake } from './fake-http.js';
export { AWS_SIGV4, GOOG_SIGV4, type SigV4Dialect, type SigV4Authorization, parseSigV4Authorization, verifySigV4 } from './sigv4-verify.js';
export { FakeAwsIam, type FakeAwsIamOptions, type FakeIamOperation, type FakeIamKeyView } from './fake-aws-iam.js';
export { FakeGoogleApis, type FakeGoogleApisOptions, type FakeGoogleOperation, type FakeApiKeyView } from './fake-google-apis.js';
export { type FakeKeyRestrictions } from './fake-google-api-keys-state.js';
export { FakeGcs, type FakeGcsOptions, type FakeGcsOperation, type FakeHmacState } from './fake-gcs-hmac.js';
