#!/usr/bin/env node
// `npm test`: every check the project has, in one command, on a fresh machine.
// 1. dependency direction (imports against the scope graph), formatting, no ignored files tracked, and
//    the committed rotator-action bundle rebuilt byte for byte (stale-dist check),
// 2. build, typecheck + lint through Nx,
// 3. every vitest project in one run, closing with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: process.env.CI ? 'true' : (process.env.NX_SKIP_NX_CACHE ?? ''),
};

function step(title, cmd, args) {
  console.log(`\n=== ${title} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

step('module boundaries', process.execPath, ['tools/check-boundaries.mjs']);
step('README layout table', process.execPath, ['tools/check-layout.mjs']);
step('format (prettier --check; fix with npm run format)', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
// Tracked files that .gitignore says do not belong (traces, emitted declarations, build output).
const junk = spawnSync('git', ['ls-files', '--cached', '--ignored', '--exclude-standard'], { encoding: 'utf8' });
if (junk.status === 0 && junk.stdout.trim() !== '') {
  console.error(`\ncommitted files that .gitignore excludes (remove them with git rm --cached):\n${junk.stdout}`);
  process.exit(1);
}
// The rotator action's committed dist/ must be what its sources build to (actions/typescript-action's check).
step('action bundle up to date (fix with npm run build:action)', process.execPath, [
  'tools/bundle-action.mjs',
  '--check',
]);
step('build', 'npm', ['run', 'build']);
step('typecheck + lint', 'npx', ['nx', 'run-many', '-t', 'typecheck', 'lint', '--parallel=2', '--outputStyle=stream']);

const out = mkdtempSync(join(tmpdir(), 'dgs-test-'));
const report = join(out, 'vitest.json');
console.log('\n=== tests ===');
const r = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env },
);
let summary = null;
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  /* reported below */
}
rmSync(out, { recursive: true, force: true });
if (!summary) {
  console.error('tests: no report was written');
  process.exit(r.status || 1);
}
const skipped = summary.numPendingTests + summary.numTodoTests;
console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
if (summary.numTotalTests === 0) {
  console.error('tests: no test ran');
  process.exit(1);
}
process.exit(r.status === 0 && summary.numFailedTests === 0 && summary.success ? 0 : 1);
