import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DocugenError } from '@docugen-secrets/core';
import type { CommandContext } from './command.js';

export type CliErrorCode = 'CLI_USAGE' | 'CLI_UNKNOWN_COMMAND';

/** A usage mistake: the CLI prints the message and the command's help hint, exit 2. */
export function usageError(message: string): DocugenError<CliErrorCode> {
  return new DocugenError<CliErrorCode>('CLI_USAGE', message);
}

/**
 * `node:util` parseArgs with strict checking, turning its errors into usage
 * errors (exit 2) instead of stack traces.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
  allowPositionals = true,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : 'invalid arguments');
  }
}

/** Reads `--format` style enumerations with a usage error for anything else. */
export function oneOf<const V extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly V[],
  fallback: V,
): V {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as V;
  throw usageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/** Parses `--now` (ISO-8601 with a zone) or returns the clock's time. */
export function nowFrom(ctx: Pick<CommandContext, 'clock'>, raw: string | undefined): Date {
  if (raw === undefined) return ctx.clock.now();
  const at = new Date(raw);
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(raw) || Number.isNaN(at.getTime()))
    throw usageError(`--now must be an ISO-8601 time with a zone, e.g. 2025-01-31T00:00:00Z (got "${raw}")`);
  return at;
}
