/** Structured log fields: never a secret value (use fingerprints). */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Libraries log through this port; only entrypoints decide where lines go. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
