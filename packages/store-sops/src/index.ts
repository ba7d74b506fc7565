export { type ChangeIntent, type Repository, type RepositoryErrorCode } from './repository.js';
export { type RecoveredChange } from './recovery.js';
export { GitRepository, type GitRepositoryOptions } from './git-repository.js';
export { SopsStore, type SopsStoreOptions } from './store.js';
export { type SopsKeys } from './codec.js';
export { HISTORY_LIMIT } from './layout.js';
