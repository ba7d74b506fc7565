import type { Command } from './command.js';

/**
 * Every command, loaded lazily: a command's dependencies (AWS SDK, crypto,
 * ajv …) are imported only when that command runs, which keeps start-up close
 * to a bare `node` start.
 */
export const registry: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  check: { summary: 'Validate secret manifests (schema and policies)', load: async () => (await import('./commands/check.js')).checkCommand },
  start: { summary: 'Run the main job on the embedded local default', load: async () => (await import('./commands/start.js')).startCommand },
};
