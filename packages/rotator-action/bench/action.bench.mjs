// Rotator action bench: the committed bundle (packages/rotator-action/dist) as GitHub runs it.
// Two figures, side by side in one run:
// - the bundle's size on disk (every file of dist/; target <= 5 MiB);
// - start-to-first-API-call: from spawning `node dist/index.js` (env INPUT_*, GITHUB_* as the
//   runner sets them; a plan of one Secrets Manager secret) to the first request reaching the
//   Secrets Manager endpoint (a local HTTP listener), against the start of `node -e ''` by the
//   same Node, alternating ABBA; target: the first call comes at most 300 ms later than a bare
//   Node start ends (the check of the manifests runs before it, as in every run). The run
//   touches only Secrets Manager, so the Google clients' chunk is never loaded.
// Node 24 (GitHub's node24 runtime) when DOCUGEN_NODE24 is set (.ci/run), else this Node.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../../../tools/bench-lib.mjs';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(PACKAGE, 'dist');
const NODE = process.env.DOCUGEN_NODE24 || process.execPath;
const ROUNDS = 15;
const WARMUP = 2;

function dirBytes(dir) {
  return readdirSync(dir).reduce((sum, f) => {
    const p = join(dir, f);
    return sum + (statSync(p).isDirectory() ? dirBytes(p) : statSync(p).size);
  }, 0);
}

const MANIFEST = `apiVersion: docugen.io/secrets/v1
id: bench-token
description: bench secret for the rotator action start-up
environment: production
owner: { team: platform, handles: ["@someone"] }
oncall: { team: "@docugen/platform-oncall" }
classification: high
consumers: [{ service: api, reload: { kind: live-client, refreshInterval: PT5M } }]
backend: { kind: aws-secrets-manager, name: production/bench-token, region: eu-west-1 }
rotation: { kind: random-secret, strategy: alternating, length: 48, charset: base64url, cadence: P60D, overlap: P3D, emergencyOverlap: PT30M }
expiry: { maxAge: P75D, warnBefore: [P14D] }
runbook: docs/runbooks/bench-token.md
`;

/** A listener standing in for Secrets Manager: notes when the first request arrives, answers "not found". */
async function endpoint() {
  let onRequest = () => undefined;
  const server = createServer((req, res) => {
    onRequest();
    req.resume();
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    next: (fn) => (onRequest = fn),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'action-bench-'));
  mkdirSync(join(dir, 'secrets-manifests'));
  mkdirSync(join(dir, 'temp'));
  writeFileSync(join(dir, 'secrets-manifests', 'bench-token.yaml'), MANIFEST);
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
  return dir;
}

/** ms from spawn to the first API request (the process is then left to finish). */
function firstCall(ws, sm) {
  const env = {
    PATH: process.env.PATH,
    HOME: ws,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_OUTPUT: join(ws, 'output'),
    GITHUB_STEP_SUMMARY: join(ws, 'summary'),
    RUNNER_TEMP: join(ws, 'temp'),
    GITHUB_EVENT_NAME: 'schedule',
    INPUT_COMMAND: 'plan',
    AWS_ACCESS_KEY_ID: 'docugen-local',
    AWS_SECRET_ACCESS_KEY: 'docugen-local',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
  };
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    let first;
    sm.next(() => (first ??= Number(process.hrtime.bigint() - t0) / 1e6));
    const child = spawn(NODE, [join(DIST, 'index.js')], { cwd: ws, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => (first === undefined ? reject(new Error('the action made no API call')) : resolve(first)));
  });
}

function nodeStart() {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(NODE, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
  });
}

const bytes = dirBytes(DIST);
const mib = bytes / 1024 / 1024;
const sm = await endpoint();
const ws = workspace();
const times = { action: [], node: [] };
try {
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const order = i % 2 ? ['node', 'action'] : ['action', 'node'];
    for (const name of order) {
      const ms = name === 'action' ? await firstCall(ws, sm) : await nodeStart();
      if (i >= WARMUP) times[name].push(ms);
    }
  }
} finally {
  await sm.close();
  rmSync(ws, { recursive: true, force: true });
}
const action = median(times.action);
const node = median(times.node);
console.log(`  runtime ${NODE === process.execPath ? `this Node ${process.version}` : `DOCUGEN_NODE24 (${NODE})`}`);
console.log(`  dist/: ${bytes} bytes (${mib.toFixed(2)} MiB)`);
console.log(
  `  start → first Secrets Manager call   median ${action.toFixed(1)} ms   min ${Math.min(...times.action).toFixed(1)} ms`,
);
console.log(
  `  node -e '' (start to exit)           median ${node.toFixed(1)} ms   min ${Math.min(...times.node).toFixed(1)} ms`,
);
console.log(`RATIO rotator-action-bundle-size: ${mib.toFixed(2)} MiB (target <= 5 MiB) ${mib <= 5 ? 'PASS' : 'FAIL'}`);
console.log(
  `RATIO rotator-action-start-to-first-api-call: ${action.toFixed(0)} ms vs node -e '' ${node.toFixed(0)} ms: +${(action - node).toFixed(0)} ms (target <= +300 ms) ${action - node <= 300 ? 'PASS' : 'FAIL'}`,
);
