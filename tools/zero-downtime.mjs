#!/usr/bin/env node
// `npm run zero-downtime`: runs the zero-downtime test alone (with its failing
// variant) and prints what the load saw: requests sent, failed, rotations
// done, the slowest pickup.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'dgs-zero-downtime-'));
const report = join(dir, 'report.txt');
const env = { ...process.env, ZERO_DOWNTIME_REPORT: report, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const r = spawnSync(
  'npx',
  ['vitest', 'run', '--project', '@docugen-secrets/example-service', 'test/zero-downtime.test.ts'],
  { stdio: 'inherit', env },
);
let lines = '';
try {
  lines = readFileSync(report, 'utf8');
} catch {
  lines = '(no report: the test did not get that far)\n';
}
rmSync(dir, { recursive: true, force: true });
console.log(`\nzero-downtime:\n${lines}`);
process.exit(r.status ?? 1);
