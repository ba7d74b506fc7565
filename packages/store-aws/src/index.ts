export { AwsSecretsManagerStore } from './store.js';
export { type AwsStoreConfig } from './client.js';

export { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
