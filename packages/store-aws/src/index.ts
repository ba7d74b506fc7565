export { AwsSecretsManagerStore } from './store.js';
export { type AwsStoreConfig, DEFAULT_WRITE_RATE, WRITE_OPERATIONS } from './client.js';
export { FAILED_LABEL, RETIRED_LABEL, STAGE_LABEL } from './labels.js';
export { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
