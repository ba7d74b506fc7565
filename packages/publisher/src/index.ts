export { GitPublisher, GITHUB_ACTIONS_BOT, type GitPublisherOptions } from './git-publisher.js';
export {
  PullRequestPublisher,
  ROTATION_BRANCH,
  ROTATION_LABEL,
  type PullRequestPublisherOptions,
} from './pr-publisher.js';
export { type GitIdentity } from './git.js';
export { type BackoffOptions, backoffDelay } from './backoff.js';
export { type PublishErrorCode } from './errors.js';
