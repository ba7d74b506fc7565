import { DocugenError } from '@docugen-secrets/core';
import { FixedClock } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import type { Command } from './command.js';
import { EXIT, exitCodeOf, ISSUES_URL } from './exit-codes.js';
import { main } from './main.js';

describe('the error-to-exit table', () => {
  it.each([
    ['CLI_USAGE', EXIT.USAGE],
    ['MANIFEST_PATH_NOT_FOUND', EXIT.USAGE],
    ['LEAK_PATH_NOT_FOUND', EXIT.USAGE],
    ['POLICY_GIT_FAILED', EXIT.USAGE],
    ['POLICY_FILE_MISSING', EXIT.USAGE],
    ['WAIVER_INVALID', EXIT.USAGE],
    ['TEAMS_INVALID', EXIT.USAGE],
    ['SM_SERVER_FAULT_SPEC', EXIT.USAGE],
    ['GH_SERVER_FAULT_SPEC', EXIT.USAGE],
    ['GH_SERVER_OPTIONS', EXIT.USAGE],
    ['GITHUB_CLIENT_NO_TOKEN', EXIT.USAGE],
    ['ALERTS_INPUT', EXIT.USAGE],
    ['ACTION_INPUT', EXIT.USAGE],
    ['SMOKE_NOT_CANARY', EXIT.USAGE],
    ['ACTION_OUTPUT', EXIT.OPERATIONAL],
    ['ROTATION_BAD_OPTIONS', EXIT.USAGE],
    ['REPORT_ALERTS_INVALID', EXIT.USAGE],
    ['CLI_GIT_HISTORY', EXIT.OPERATIONAL],
    ['CLIENT_BAD_OPTIONS', EXIT.USAGE],
    ['CLIENT_STALE', EXIT.OPERATIONAL],
    ['MANIFEST_YAML_SYNTAX', EXIT.FINDINGS],
    ['SOPS_VALUE_TAMPERED', EXIT.FINDINGS],
    ['DOCS_SECTION_MISSING', EXIT.FINDINGS],
    ['AUDIT_HASH_MISMATCH', EXIT.FINDINGS],
    ['AUDIT_MALFORMED', EXIT.FINDINGS],
    ['STORE_THROTTLED', EXIT.OPERATIONAL],
    ['STORE_ACCESS_DENIED', EXIT.OPERATIONAL],
    ['STORE_UNAVAILABLE', EXIT.OPERATIONAL],
    ['REPO_PUSH_REJECTED', EXIT.OPERATIONAL],
    ['ROTATION_STATE_CONFLICT', EXIT.OPERATIONAL],
    ['ROTATION_PROVIDER_CALL_FAILED', EXIT.OPERATIONAL],
    ['AUDIT_WRITE_FAILED', EXIT.OPERATIONAL],
    ['SM_SERVER_LISTEN', EXIT.OPERATIONAL],
    ['GH_SERVER_STATE_INVALID', EXIT.OPERATIONAL],
    ['ALERTS_TRACKER_BUDGET', EXIT.OPERATIONAL],
    ['ALERTS_INCOMPLETE', EXIT.OPERATIONAL],
    ['PUBLISH_PUSH_RACE', EXIT.OPERATIONAL],
    ['EMULATOR_STATE_IO', EXIT.OPERATIONAL],
    ['CLI_IO', EXIT.OPERATIONAL],
    ['SOMETHING_NEW_FROM_A_NEW_PACKAGE', EXIT.OPERATIONAL],
    ['AUDIT_INVALID_EVENT', EXIT.INTERNAL],
    ['POLICY_RULE_FAILED', EXIT.INTERNAL],
    ['ROTATION_NO_ROTATOR', EXIT.INTERNAL],
    ['SOPS_WRITE_UNREADABLE', EXIT.INTERNAL],
    ['SOPS_RESERVED_KEY', EXIT.FINDINGS],
    ['REPO_UNCOMMITTED_INVALID', EXIT.OPERATIONAL],
  ] as const)('%s exits %i', (code, exit) => {
    expect(exitCodeOf(new DocugenError(code, 'x'))).toBe(exit);
  });

  it('system errors are operational, anything else uncoded is a bug', () => {
    expect(exitCodeOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      EXIT.OPERATIONAL,
    );
    expect(exitCodeOf(Object.assign(new Error('open'), { code: 'EACCES' }))).toBe(EXIT.OPERATIONAL);
    expect(exitCodeOf(new TypeError('x is not a function'))).toBe(EXIT.INTERNAL);
    expect(exitCodeOf('a string')).toBe(EXIT.INTERNAL);
  });
});

function throwing(err: unknown): Command {
  return {
    name: 'boom',
    summary: 'throws',
    help: 'Usage: docugen-secrets boom',
    run: () => Promise.reject(err instanceof Error ? err : new Error('x')),
  };
}

async function runWith(err: unknown): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(
    {
      argv: ['boom'],
      cwd: '/',
      env: {},
      stdout: { write: () => undefined },
      stderr: { write: (t) => (stderr += t) },
      clock: new FixedClock('2026-01-01T00:00:00Z'),
      isTTY: false,
      stopSignal: new Promise(() => undefined),
    },
    { boom: { summary: 'throws', load: () => Promise.resolve(throwing(err)) } },
  );
  return { code, stderr };
}

describe('main applies the table in one place', () => {
  it('an internal bug exits 4 with a "please report" line and no stack', async () => {
    const r = await runWith(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('docugen-secrets boom: internal error: TypeError: Cannot read properties');
    expect(r.stderr).toContain(`This is a bug, please report it at ${ISSUES_URL}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an operational failure exits 3 with its code, and control characters are escaped', async () => {
    const r = await runWith(
      new DocugenError('STORE_UNAVAILABLE', 'Secrets Manager did not answer for key\n::error::x\u001b[31m'),
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'docugen-secrets boom: STORE_UNAVAILABLE: Secrets Manager did not answer for key\\u000a::error::x\\u001b[31m\n',
    );
  });
});

describe('every command documents the table', () => {
  it('each --help has -h, --help and the exit-code lines', async () => {
    const { registry } = await import('./registry.js');
    for (const [name, entry] of Object.entries(registry)) {
      const { help } = await entry.load();
      expect(help, name).toContain('-h, --help');
      expect(help, name).toContain('Exit codes: 0 ok; 1 ');
      expect(help, name).toContain('4 internal error');
    }
  });
});
