import type { Finding, Position, Severity } from '@docugen-secrets/core';

export type { Position, Severity };

/**
 * One leaked-looking secret: core's `Finding` (so every report writer handles
 * it like schema and policy findings) plus a redacted preview and a value hash.
 * Columns are 1-based UTF-16 code units, as SARIF counts them.
 *
 * Contract (relied on by SARIF/annotation writers):
 * - `start`..`end` is the span of the *secret* itself (not the key name in front
 *   of it); `end` is exclusive — the position just after the last character,
 *   which is SARIF's `endColumn` convention. A multi-line secret (a PEM block)
 *   has `end.line > start.line`.
 * - `file` is the path as scanned: relative to the scan root, `/`-separated.
 * - `redacted` shows at most the public, format-defined prefix of the value
 *   (`AKIA…(20 chars)`, `ghp_…(40 chars)`, `…(32 chars)` when the format has
 *   none) — never the value.
 * - `fingerprint` is `shortHash(secret)` from core: stable across files and
 *   lines, so an allowlist entry can name one exact value without holding it.
 * - `message` never contains the value.
 */
export interface LeakFinding extends Finding {
  readonly redacted: string;
  readonly fingerprint: string;
}

/** Why a file was not scanned. */
export type SkipReason = 'binary' | 'too-large' | 'allowlisted-path' | 'default-excluded' | 'unreadable';

export interface SkippedFile {
  readonly file: string;
  readonly reason: SkipReason;
}
