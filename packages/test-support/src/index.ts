export { FixedClock, OffsetClock } from './clocks.js';
export { MemoryLogger, type LogLevel, type LogRecord } from './memory-logger.js';
export { canary, Observed } from './canary.js';
export { repoRoot } from './repo-root.js';
export { GIT_IDENTITY, git, TempRepo, repoWithRemote } from './git.js';
export { stalledRequest } from './http.js';
export { ManualTimers, settle } from './timers.js';
export { startHttpRecorder, type HttpRecorder, type RecordedRequest } from './recorder.js';
export { RecordingActionsCore, type CoreCall } from './actions-core.js';
