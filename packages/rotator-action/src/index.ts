/**
 * The rotator GitHub Action: a thin entrypoint (`main.ts`) around `runAction`,
 * which reads the inputs, builds the ports through the CLI's composition root
 * plus the CI ports (masking), calls the runner's `run` and writes outputs,
 * the job summary and failures.
 */
export { runAction } from './action.js';
export type { ActionCore, AnnotationProps } from './core-port.js';
export type { ActionProcess } from './context.js';
export { readInputs, triggerOf, type ActionInputs, type CommitMode } from './inputs.js';
export type { ActionErrorCode } from './errors.js';
export { maskingObserver } from './mask.js';
export { markdownCell, summaryMarkdown } from './summary.js';
export { reportJson } from './outputs.js';
