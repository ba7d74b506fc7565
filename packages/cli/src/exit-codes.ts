import { isDocugenError } from '@docugen-secrets/core';

/**
 * The CLI's exit codes, the same for every command (README "Exit codes"):
 * 0 ok; 1 findings or a verification failure (the input is wrong, the tool
 * worked); 2 usage (a flag, a path, a revision, a policy or allowlist file);
 * 3 operational failure (network, permissions, throttling, conflicts, store
 * or provider errors: retry or fix the environment); 4 internal error (a bug).
 */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, OPERATIONAL: 3, INTERNAL: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where to report a bug; printed with every internal error. */
export const ISSUES_URL = 'https://github.com/docugen/docugen-secrets/issues';

/** The exit-code lines every `--help` ends with; `findings` says what 1 means for that command. */
export function exitCodesHelp(findings: string): string {
  return `Exit codes: 0 ok; 1 ${findings}; 2 usage error; 3 operational failure (network,
permissions, throttling, conflicts, store or provider errors); 4 internal error
(a bug: please report it at ${ISSUES_URL}).`;
}

/**
 * Error codes by family, first match wins. A family is a code or a code prefix
 * (ending in `_`). Codes that say "the program is wrong" are internal (4);
 * codes that describe bad input are findings (1) or usage (2); the rest of the
 * coded errors are operational (3). Adding a package: add its families here
 * (the table test lists one code of each).
 */
const TABLE: readonly (readonly [family: string, exit: ExitCode])[] = [
  // internal: a caller broke a contract, a rule crashed, an emulator used before start
  ['AUDIT_INVALID_EVENT', EXIT.INTERNAL],
  ['POLICY_RULE_FAILED', EXIT.INTERNAL],
  ['ROTATION_NO_ROTATOR', EXIT.INTERNAL],
  ['ROTATION_PROVIDER_WRONG_KIND', EXIT.INTERNAL],
  ['EMULATOR_NOT_STARTED', EXIT.INTERNAL],
  ['CLI_INTERNAL', EXIT.INTERNAL],
  ['SOPS_WRITE_UNREADABLE', EXIT.INTERNAL],
  // usage: flags, paths, revisions and configuration files the user named or keeps
  ['CLI_USAGE', EXIT.USAGE],
  ['CLI_UNKNOWN_COMMAND', EXIT.USAGE],
  ['MANIFEST_PATH_NOT_FOUND', EXIT.USAGE],
  ['LEAK_PATH_NOT_FOUND', EXIT.USAGE],
  ['LEAK_GIT_FAILED', EXIT.USAGE],
  ['POLICY_GIT_FAILED', EXIT.USAGE],
  ['POLICY_', EXIT.USAGE],
  ['WAIVER_', EXIT.USAGE],
  ['TEAMS_', EXIT.USAGE],
  ['LEAK_ALLOWLIST_', EXIT.USAGE],
  ['SM_SERVER_FAULT_SPEC', EXIT.USAGE],
  ['GH_SERVER_FAULT_SPEC', EXIT.USAGE],
  ['GH_SERVER_OPTIONS', EXIT.USAGE],
  ['GITHUB_CLIENT_', EXIT.USAGE],
  ['DURATION_INVALID', EXIT.USAGE],
  ['ROTATION_BAD_OPTIONS', EXIT.USAGE],
  ['REPORT_ALERTS_INVALID', EXIT.USAGE],
  ['CLIENT_BAD_OPTIONS', EXIT.USAGE],
  ['ALERTS_INPUT', EXIT.USAGE],
  ['ACTION_INPUT', EXIT.USAGE],
  ['RELOAD_WEBHOOK_NO_SECRET', EXIT.USAGE],
  ['SMOKE_', EXIT.USAGE],
  // findings: the input was read and is wrong (a manifest, a tampered file, a broken chain)
  ['MANIFEST_', EXIT.FINDINGS],
  ['SOPS_', EXIT.FINDINGS],
  ['DOCS_SECTION_MISSING', EXIT.FINDINGS],
  ['AUDIT_HASH_MISMATCH', EXIT.FINDINGS],
  ['AUDIT_CHAIN_BROKEN', EXIT.FINDINGS],
  ['AUDIT_SEQ_GAP', EXIT.FINDINGS],
  ['AUDIT_MALFORMED', EXIT.FINDINGS],
  ['AUDIT_TRUNCATED', EXIT.FINDINGS],
  // operational: stores, git, providers, servers, state files, the network
  ['STORE_', EXIT.OPERATIONAL],
  ['REPO_', EXIT.OPERATIONAL],
  ['ROTATION_', EXIT.OPERATIONAL],
  ['AUDIT_', EXIT.OPERATIONAL],
  ['SM_SERVER_', EXIT.OPERATIONAL],
  ['GH_SERVER_', EXIT.OPERATIONAL],
  ['EMULATOR_', EXIT.OPERATIONAL],
  ['LEAK_', EXIT.OPERATIONAL],
  ['CLIENT_', EXIT.OPERATIONAL],
  ['ALERTS_', EXIT.OPERATIONAL],
  ['ACTION_', EXIT.OPERATIONAL],
  ['PUBLISH_', EXIT.OPERATIONAL],
  ['RELOAD_', EXIT.OPERATIONAL],
  ['CLI_', EXIT.OPERATIONAL],
];

/** Node's system errors (`ENOENT`, `EACCES`, `ECONNREFUSED` …): the environment, not the program. */
function isSystemError(err: unknown): boolean {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z0-9]+$/.test((err as NodeJS.ErrnoException).code ?? '')
  );
}

/** The exit code of a coded error's code. An unknown family is operational: it was foreseen, so not a bug. */
export function exitCodeOfCode(code: string): ExitCode {
  const hit = TABLE.find(([family]) => (family.endsWith('_') ? code.startsWith(family) : code === family));
  return hit ? hit[1] : EXIT.OPERATIONAL;
}

/** The exit code of anything thrown: coded errors by the table, system errors 3, everything else a bug (4). */
export function exitCodeOf(err: unknown): ExitCode {
  if (isDocugenError(err)) return exitCodeOfCode(err.code);
  return isSystemError(err) ? EXIT.OPERATIONAL : EXIT.INTERNAL;
}
