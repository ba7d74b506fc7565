export {
  type LocalRequest,
  type LocalReply,
  type LocalHandler,
  type LocalServerLimits,
  type RunningServer,
  DEFAULT_LIMITS,
  startLocalServer,
  readBody,
  BodyTooLargeError,
  type StartOptions,
} from './server.js';
