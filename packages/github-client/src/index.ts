export {
  createGitHubClient,
  type GitHubClient,
  type GitHubClientOptions,
  type GitHubClientErrorCode,
} from './client.js';
export { RequestCounter, countingFetch, type RequestEvent, type RequestObserver } from './observe.js';
