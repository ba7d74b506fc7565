export { startGitHubServer, type GitHubServerOptions, type RunningGitHubServer } from './server.js';
export { type FaultRule, type FaultAction, parseFaultSpec, DEFAULT_LATENCY_MS } from './faults.js';
export { type Violation } from './check.js';
export type { OpenApiValidator, RequestParts } from './openapi/validator.js';
// The validator itself loads lazily (server option `validate`): importing this package never loads ajv or the description.
export { ROUTES, OPERATION_IDS, type Route } from './routes.js';
export { type RateSnapshot, type PrimaryLimitOptions, DEFAULT_LIMIT } from './rate-limit.js';
export { type GitHubApiErrorCode, type GitHubServerErrorCode, GitHubApiError, isGitHubApiError } from './errors.js';
export type {
  StateData,
  DispatchRecord,
  RepoRecord,
  IssueRecord,
  LabelRecord,
  CommentRecord,
  RefRecord,
  PullPart,
} from './model.js';
export { loadState, saveState, STATE_FORMAT, STATE_VERSION } from './persist.js';
export { type ContentLimitOptions, GITHUB_CONTENT_LIMITS } from './secondary-limit.js';
export { MAX_BODY_CHARS } from './ops/input.js';
export { MAX_LABEL_NAME, MAX_LABEL_DESCRIPTION } from './ops/labels.js';
