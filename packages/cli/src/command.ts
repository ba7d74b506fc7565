import type { Clock } from '@docugen-secrets/core';
import type { SecretInput } from './secret-input.js';

/** Where a command writes; the real process streams in `process-main.ts`, buffers in tests. */
export interface Output {
  write(text: string): void;
}

/** Everything a command may touch of the outside world, passed in (never read from globals). */
export interface CommandContext {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly clock: Clock;
  /** True when stdout is a terminal (colour, progress). */
  readonly isTTY: boolean;
  /**
   * Resolves when a long-running command is asked to stop (the first SIGINT/SIGTERM
   * after `holdSignals`); such commands await it and stop at a safe point.
   */
  readonly stopSignal: Promise<void>;
  /**
   * The process edge's switch (process-main.ts): `main` calls it before running a command
   * marked `longRunning`. Until then a signal ends the process at once.
   */
  readonly holdSignals?: () => void;
  /** Standard input for a secret value a person gives (rotate --manual); absent: none can be read. */
  readonly secretInput?: SecretInput;
}

/**
 * A CLI command. `run` returns 0 or 1 (findings); usage, operational and internal
 * failures are thrown as coded errors and mapped to 2, 3 and 4 by `main`'s one
 * table (exit-codes.ts).
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /**
   * Servers and rotations: the first SIGINT/SIGTERM resolves `stopSignal` and the
   * process waits (bounded) for the command to stop; others end on the first signal.
   */
  readonly longRunning?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

export { EXIT } from './exit-codes.js';
