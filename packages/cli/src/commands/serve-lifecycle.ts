import { describeError, isDocugenError, type Logger, type LogFields } from '@docugen-secrets/core';
import { EXIT, type CommandContext, type Output } from '../command.js';
import { usageError } from '../usage.js';

/** What `serve` needs of a started local server: fault injection and a clean stop. */
export interface ServedServer<F> {
  injectFault(rule: F): void;
  close(): Promise<void>;
}

/** How one `serve` service announces itself and reports a failed stop. */
export interface ServeLifecycle<F> {
  readonly faults: readonly F[];
  /** The ready line(s) on stdout; tests and scripts wait for them. */
  readonly banner: string;
  /** Prefix of the stderr line when `close()` fails (e.g. saving the state file). */
  readonly stopFailure: string;
}

/**
 * The one server lifecycle of `serve`: inject the faults, print the banner, wait for the
 * first stop signal, close. A failed close is reported (value-free) and exits 1, so a
 * state file that could not be saved is never silent.
 */
export async function serveUntilStopped<F>(
  ctx: CommandContext,
  server: ServedServer<F>,
  lifecycle: ServeLifecycle<F>,
): Promise<number> {
  for (const rule of lifecycle.faults) server.injectFault(rule);
  ctx.stdout.write(lifecycle.banner);
  await ctx.stopSignal;
  try {
    await server.close();
  } catch (err) {
    ctx.stderr.write(`${lifecycle.stopFailure}: ${describeError(err)}\n`);
    return EXIT.FINDINGS;
  }
  return EXIT.OK;
}

/** A `--flag N` option as a whole number in [0, max]; a usage error otherwise. */
export function wholeNumber(flag: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > max)
    throw usageError(`--${flag} must be a whole number from 0 to ${max} (got "${raw}")`);
  return Number(raw);
}

/** Parses repeatable `--fault` specs; the server's own spec error becomes a usage error (exit 2). */
export function faultsOf<F>(
  specs: readonly string[] | undefined,
  parse: (spec: string) => F,
  specErrorCode: string,
): F[] {
  return (specs ?? []).map((spec) => {
    try {
      return parse(spec);
    } catch (err) {
      throw isDocugenError(err, specErrorCode) ? usageError(err.message) : err;
    }
  });
}

/** Request log lines on stderr (`--verbose`); the servers only ever log value-free fields. */
export function stderrLogger(out: Output): Logger {
  const line = (level: string, msg: string, fields: LogFields = {}): void => {
    const kv = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    out.write(`[${level}] ${msg}${kv ? ` ${kv}` : ''}\n`);
  };
  return {
    debug: (m, f) => {
      line('debug', m, f);
    },
    info: (m, f) => {
      line('info', m, f);
    },
    warn: (m, f) => {
      line('warn', m, f);
    },
    error: (m, f) => {
      line('error', m, f);
    },
  };
}
