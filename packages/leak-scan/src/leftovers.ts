import { atomicWriteTarget, shortHash } from '@docugen-secrets/core';
import type { LeakFinding } from './finding.js';

/** The rule id of a temporary file an interrupted atomic write left behind. */
export const LEFTOVER_RULE_ID = 'interrupted-write-leftover';

/**
 * Findings for the temporary files of interrupted atomic writes among
 * `files` (`.NAME.docugen-tmp-<hex>`, and the older `.NAME.<hex>.tmp`): such
 * a file may hold whatever was being written — a decrypted secret included —
 * and `git add -A` would commit it. Reported whatever its content, at line 1.
 */
export function leftoverFindings(files: Iterable<string>): LeakFinding[] {
  return [...new Set(files)].flatMap((file): LeakFinding[] => {
    const target = atomicWriteTarget(file.slice(file.lastIndexOf('/') + 1));
    if (target === undefined) return [];
    const at = { line: 1, col: 1 };
    return [
      {
        ruleId: LEFTOVER_RULE_ID,
        severity: 'error',
        message: `temporary file of an interrupted write of ${target}: it may hold that file's content, a decrypted secret included; delete it, never commit it`,
        file,
        start: at,
        end: at,
        redacted: '(whole file)',
        fingerprint: shortHash(`leftover:${file}`),
      },
    ];
  });
}
