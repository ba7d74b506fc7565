export { type Repository, type RepositoryErrorCode, repositoryError } from './repository.js';
export { GitRepository, type GitRepositoryOptions } from './git-repository.js';
export { SopsStore, type SopsStoreOptions } from './store.js';
export { type SopsKeys } from './codec.js';
export { SOPS_STORE_FORMAT, ENCRYPTED_REGEX, HISTORY_LIMIT } from './layout.js';
