import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { actionBuildOptions, compareDirs } from '../bundle-action.mjs';

let temp;
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

function tree(files) {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-tree-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the stale-dist check', () => {
  it('names missing, changed and leftover files', () => {
    const fresh = tree({ 'index.js': 'a', 'chunks/x-1.js': 'x', 'chunks/y-1.js': 'y' });
    const committed = tree({ 'index.js': 'a', 'chunks/x-1.js': 'X', 'chunks/old-0.js': 'o' });
    try {
      expect(compareDirs(fresh, committed).sort()).toEqual([
        'differs from a fresh build: chunks/x-1.js',
        'missing in the committed dist: chunks/y-1.js',
        'not produced by a fresh build (stale): chunks/old-0.js',
      ]);
      expect(compareDirs(fresh, fresh)).toEqual([]);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
      rmSync(committed, { recursive: true, force: true });
    }
  });
});

/** Output files index.js loads before running (static imports, transitively). */
function staticClosure(outputs, entry) {
  const seen = new Set([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop();
    for (const imp of outputs[file]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !imp.external && !seen.has(imp.path)) {
        seen.add(imp.path);
        queue.push(imp.path);
      }
    }
  }
  return seen;
}

describe('the action bundle', () => {
  it('loads no cloud SDK at start: Google, gRPC and the AWS SDK sit in lazily imported chunks', async () => {
    temp = mkdtempSync(join(tmpdir(), 'bundle-graph-'));
    const { metafile } = await build(actionBuildOptions(join(temp, 'dist'), false));
    const outputs = metafile.outputs;
    const entry = Object.keys(outputs).find((f) => f.endsWith('/dist/index.js'));
    expect(entry).toBeDefined();
    const eager = staticClosure(outputs, entry);
    const inputsOf = (files) => [...files].flatMap((f) => Object.keys(outputs[f]?.inputs ?? {}));
    const heavy = /node_modules\/(google-gax|@google-cloud|google-auth-library|@grpc|@aws-sdk)\//;
    expect(inputsOf(eager).filter((i) => heavy.test(i))).toEqual([]);
    // @actions/core's OIDC client (and the undici it brings) is never used, so never bundled.
    expect(
      inputsOf(Object.keys(outputs)).filter((i) => /node_modules\/(undici|@actions\/http-client)\//.test(i)),
    ).toEqual([]);
    expect(inputsOf(eager).some((i) => i.includes('node_modules/@actions/core/'))).toBe(true);
    const all = inputsOf(Object.keys(outputs));
    expect(all.some((i) => i.includes('node_modules/@google-cloud/apikeys/'))).toBe(true);
    expect(all.some((i) => i.includes('node_modules/@aws-sdk/client-secrets-manager/'))).toBe(true);
    const bytes = Object.values(outputs).reduce((sum, o) => sum + o.bytes, 0);
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  }, 120_000);
});
