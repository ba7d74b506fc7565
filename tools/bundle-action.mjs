#!/usr/bin/env node
// Bundles the rotator action (packages/rotator-action/src/main.ts, from sources through the
// `@docugen-secrets/source` condition) into the committed packages/rotator-action/dist/: the
// `node24` runtime runs dist/index.js with no node_modules beside it, so everything is bundled.
// Code splitting keeps each provider's SDK in its own chunk, loaded only by a run that rotates
// that provider (a Secrets-Manager-only run never reads the Google chunk).
//
//   node tools/bundle-action.mjs           rebuild dist/ (npm run build:action)
//   node tools/bundle-action.mjs --check   rebuild into a temp folder and compare byte for byte
//                                          with the committed dist/ (the stale-dist check of npm test)
//
// Deterministic: pinned esbuild, sources and the lockfile's node_modules as the only inputs,
// no source maps or absolute paths, content-hashed chunk names, files written in sorted order.
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'packages/rotator-action/dist');

// CommonJS dependencies inside an ESM bundle still call require() and read __dirname: give them both.
const BANNER = [
  "import { createRequire as __dgsCreateRequire } from 'node:module';",
  "import { dirname as __dgsDirname } from 'node:path';",
  "import { fileURLToPath as __dgsFileURLToPath } from 'node:url';",
  'const require = __dgsCreateRequire(import.meta.url);',
  'const __filename = __dgsFileURLToPath(import.meta.url);',
  'const __dirname = __dgsDirname(__filename);',
].join(' ');

/**
 * @actions/core's index imports its OIDC helper (getIDToken), which pulls in @actions/http-client and
 * undici (~430 KB, and the tls/http2/zlib built-ins) at the top level. The action never asks for an ID
 * token (the AWS credentials come from aws-actions/configure-aws-credentials), so that module is marked
 * side-effect free: esbuild then drops it, and everything only it imports, unless something uses it.
 * It cut the action's CPU time to its first Secrets Manager request by about a tenth.
 */
const unusedOidcClient = {
  name: 'actions-core-oidc-side-effect-free',
  setup(build) {
    build.onResolve({ filter: /[\\/]oidc-utils\.js$/ }, async (args) => {
      if (args.pluginData === unusedOidcClient || !/@actions[\\/]core[\\/]/.test(args.importer)) return undefined;
      const { path, kind, importer, resolveDir } = args;
      const resolved = await build.resolve(path, { kind, importer, resolveDir, pluginData: unusedOidcClient });
      return resolved.errors.length > 0 ? resolved : { ...resolved, sideEffects: false };
    });
  },
};

/** esbuild options of the action bundle; `outdir` is where it goes, `write: false` keeps it in memory. */
export function actionBuildOptions(outdir, write = true) {
  return {
    absWorkingDir: ROOT,
    entryPoints: { index: 'packages/rotator-action/src/main.ts' },
    outdir,
    write,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    conditions: ['@docugen-secrets/source'],
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    keepNames: true,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    banner: { js: BANNER },
    plugins: [unusedOidcClient],
  };
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(join(dir, rel)).sort()) {
      const path = join(rel, entry);
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk('');
  return out;
}

/** Differences between two bundle folders: missing, extra or different files. */
export function compareDirs(expected, actual) {
  const want = listFiles(expected);
  const have = new Set(listFiles(actual));
  const problems = [];
  for (const f of want) {
    if (!have.has(f)) problems.push(`missing in the committed dist: ${f}`);
    else if (!readFileSync(join(expected, f)).equals(readFileSync(join(actual, f))))
      problems.push(`differs from a fresh build: ${f}`);
    have.delete(f);
  }
  for (const f of have) problems.push(`not produced by a fresh build (stale): ${f}`);
  return problems;
}

async function bundleInto(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  return build(actionBuildOptions(outdir));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--check')) {
    const temp = mkdtempSync(join(tmpdir(), 'dgs-action-dist-'));
    try {
      await bundleInto(temp);
      const problems = compareDirs(temp, DIST);
      if (problems.length > 0) {
        for (const p of problems) console.error(`stale action bundle: ${p}`);
        console.error(
          `\n${relative(ROOT, DIST)} is not what its sources build to: run "npm run build:action" and commit the result.`,
        );
        process.exit(1);
      }
      console.log(`action bundle: ${relative(ROOT, DIST)} matches a fresh build (${listFiles(temp).length} files)`);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  } else {
    const result = await bundleInto(DIST);
    const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
    console.log(`action bundle: ${relative(ROOT, DIST)} (${listFiles(DIST).length} files, ${bytes} bytes)`);
  }
}
