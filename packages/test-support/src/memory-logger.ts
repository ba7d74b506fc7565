import type { LogFields, Logger } from '@docugen-secrets/core';

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
