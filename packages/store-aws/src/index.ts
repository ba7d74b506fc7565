export { AwsSecretsManagerStore } from './store.js';
export { type AwsStoreConfig } from './client.js';

export { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
export {
  AwsSecretLister,
  DEFAULT_LIST_RATE,
  type AwsListerConfig,
  type ListedSecret,
  type ListFilter,
} from './lister.js';
