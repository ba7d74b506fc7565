/**
 * @packageDocumentation
 * `@docugen-secrets/smoke` — the smoke test: rotates a canary secret (a
 * manifest marked `smoke: true`) end to end through the real rotation engine
 * and store while a secret client watches it, on a simulated timeline, and
 * reports every check without a value. The CLI's `smoke` command builds the
 * ports (the local default or AWS) and formats the report.
 */
export { runSmoke, assertCanary, consumerInterval, type SmokePorts } from './smoke.js';
export { SimulatedTime } from './time.js';
export { type SmokeCheck, type SmokeCheckName, type SmokeReport, CHECK_TITLES } from './report.js';
export { smokeText, smokeJson, smokeMarkdown, type SmokeContext } from './format.js';
export { type SmokeErrorCode, type SmokeError } from './errors.js';
