import { ALERT_KINDS, type AlertKind } from './types.js';

/** The label every alert issue carries: issues are listed by it, never searched by title. */
export const ALERT_LABEL = 'secret-alert';

/** Labels this tool owns on an alert issue; any other label (a human's) is kept on update. */
export function isManagedLabel(name: string): boolean {
  return name === ALERT_LABEL || /^(?:secret|severity|kind):/.test(name);
}

/** The hidden first line that identifies an alert issue: `<!-- docugen-secrets:alert v1 secret=ID kind=KIND -->`. */
export function markerOf(secretId: string, kind: AlertKind): string {
  return `<!-- docugen-secrets:alert v1 secret=${secretId} kind=${kind} -->`;
}

/** The hidden state line: the escalation level the issue shows. */
export function stateLineOf(level: number): string {
  return `<!-- docugen-secrets:state level=${level} -->`;
}

const MARKER = /<!-- docugen-secrets:alert v1 secret=([A-Za-z0-9][A-Za-z0-9._-]*) kind=([a-z-]+) -->/;
const STATE = /<!-- docugen-secrets:state level=(\d{1,3}) -->/;

export interface Marker {
  readonly secretId: string;
  readonly kind: AlertKind;
  readonly level: number;
}

/** The (secret, kind, level) an issue body carries, or undefined for issues this tool did not open. */
export function parseMarker(body: string): Marker | undefined {
  const m = MARKER.exec(body);
  const kind = ALERT_KINDS.find((k) => k === m?.[2]);
  if (!m?.[1] || !kind) return undefined;
  return { secretId: m[1], kind, level: Number(STATE.exec(body)?.[1] ?? 0) };
}
