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

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface LogRecord {
  level: LogLevel;
  msg: string;
  fields: LogFields;
}

/** Keeps records in memory; tests read them (e.g. to prove canaries never leak). */
export class MemoryLogger implements Logger {
  readonly records: LogRecord[] = [];
  debug(msg: string, fields: LogFields = {}): void {
    this.records.push({ level: 'debug', msg, fields });
  }
  info(msg: string, fields: LogFields = {}): void {
    this.records.push({ level: 'info', msg, fields });
  }
  warn(msg: string, fields: LogFields = {}): void {
    this.records.push({ level: 'warn', msg, fields });
  }
  error(msg: string, fields: LogFields = {}): void {
    this.records.push({ level: 'error', msg, fields });
  }
  text(): string {
    return this.records.map((r) => `${r.level} ${r.msg} ${JSON.stringify(r.fields)}`).join('\n');
  }
}
