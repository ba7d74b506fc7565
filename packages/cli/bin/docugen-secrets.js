#!/usr/bin/env node
// Committed, executable shim so `npx docugen-secrets` works right after `npm ci`
// (which builds and bundles the CLI in its prepare step, after bins are linked).
//
// A command with a cached script (dist/bundle/cached/, see tools/bundle-cli.mjs: `check`, `sops`) runs from
// it with the V8 code cache the build made; V8 checks the cache against this Node and the script
// (a rejected cache only costs the compile). Every other command runs the ES-module bundle.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

function read(file, encoding) {
  try {
    return readFileSync(file, encoding);
  } catch {
    return undefined;
  }
}

/** The command's cached script, compiled with its code cache; undefined when it has none. */
function cachedScript(command) {
  if (!/^[a-z]+$/.test(command ?? '')) return undefined;
  const file = fileURLToPath(new URL(`../dist/bundle/cached/${command}.vm.js`, import.meta.url));
  const source = read(file, 'utf8');
  if (source === undefined) return undefined;
  const cachedData = read(`${file}.cache`);
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  return () => script.runInThisContext()(createRequire(file), file, dirname(file));
}

const run = cachedScript(process.argv[2]);
if (run) run();
else await import('../dist/bundle/docugen-secrets.mjs');
