import type { Clock } from '@docugen-secrets/core';

/** Where a command writes; the real process streams in `bin.ts`, buffers in tests. */
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
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands await it. */
  readonly stopSignal: Promise<void>;
}

/** A CLI command. `run` returns the exit code: 0 ok, 1 findings/failure, 2 usage or internal error. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  run(ctx: CommandContext): Promise<number>;
}

export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;
