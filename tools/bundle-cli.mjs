#!/usr/bin/env node
// Bundles the compiled CLI (packages/cli/dist) for packages/cli/bin/docugen-secrets.js, in the build
// (and `npm ci`'s prepare) step:
//
// 1. packages/cli/dist/bundle/docugen-secrets.mjs + chunks/: every command, as ES modules with
//    esbuild. Start-up cost is dominated by resolving and reading hundreds of small modules (yaml
//    alone is ~80); one bundle with code splitting keeps each command's dependencies in its own
//    lazily-loaded chunk, so `check` never loads the AWS SDK.
// 2. packages/cli/dist/bundle/cached/<command>.vm.js + .cache: the commands an engineer waits on in
//    every pull request and pre-commit run (`check`) or runs by hand many times (`sops decrypt`), each as one script holding only that command, with the
//    V8 code cache of a run of it made here. Node 20 has no compile cache for ES modules; a script's
//    cached bytecode spares the parse and compile of everything the command runs (about 15% of the
//    instructions of a whole `check` process). The cache belongs to this Node (V8 rejects it under
//    another version and the script then compiles as usual): rebuilt by every `npm ci`/`npm run build`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(ROOT, 'packages/cli/dist/bundle');
// Large SDKs stay external: they load protobuf/JSON files relative to their own
// package folders and are only imported by the commands that talk to a cloud.
const external = ['@aws-sdk/*', '@smithy/*', '@google-cloud/*', 'google-gax', 'google-auth-library'];

/**
 * The commands that get a cached script, each with the run that warms its cache (its arguments,
 * from the repository root, read-only; its environment; what to remove afterwards): the cache then
 * holds the bytecode of every function that run called, not only of the top level.
 */
const CACHED = {
  check: () => ({ argv: ['check', 'secrets-manifests'] }),
  sops: sopsWarmUp,
};

/**
 * `sops decrypt` needs a file and its key: a throwaway age identity (made here, never a real key)
 * and a small document encrypted to it, in a temporary folder removed after the warm-up.
 */
async function sopsWarmUp() {
  const { encryptDocument, generateAgeIdentity } = await import('../packages/sops/dist/index.js');
  const { cryptoRandom } = await import('../packages/core/dist/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'docugen-secrets-warm-up-'));
  const { identity, recipient } = await generateAgeIdentity();
  const plain = 'service:\n  token: warm-up\n  port: 8080\nlist:\n  - a\n  - b\n';
  const file = join(dir, 'warm-up.enc.yaml');
  writeFileSync(
    file,
    await encryptDocument(plain, { format: 'yaml', recipients: [recipient], now: new Date(), random: cryptoRandom }),
  );
  writeFileSync(join(dir, 'keys.txt'), `${identity}\n`, { mode: 0o600 });
  return {
    argv: ['sops', 'decrypt', file],
    env: { SOPS_AGE_KEY_FILE: join(dir, 'keys.txt'), XDG_CONFIG_HOME: dir },
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The script's source is one function expression (its completion value), called with what a CommonJS module gets. */
const SCRIPT_HEAD = '(function (require, __filename, __dirname) {';
const SCRIPT_TAIL = '})';

async function bundleModules() {
  await build({
    entryPoints: { 'docugen-secrets': 'packages/cli/dist/bin.js' },
    absWorkingDir: ROOT,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'linked',
    external,
    // CommonJS dependencies inside an ESM bundle still call require(): give them one.
    banner: {
      js: "import { createRequire as __dgsCreateRequire } from 'node:module'; const require = __dgsCreateRequire(import.meta.url);",
    },
  });
}

/**
 * A script has no ES module loader behind it (V8 drops the dynamic-import host options of a script
 * compiled from a code cache), so it holds no `import()`: the other commands of the registry become
 * modules that throw (the bin runs this script only for its own command), and an `import()` of a
 * built-in or an external package becomes a `require()` of it.
 */
function withoutDynamicImports(name) {
  return {
    name: 'without-dynamic-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        if (/^\.\/commands\/[^/]+\.js$/.test(args.path) && args.importer.endsWith('registry.js'))
          return args.path === `./commands/${name}.js` ? undefined : { path: args.path, namespace: 'other-command' };
        const bare = !args.path.startsWith('.') && !args.path.startsWith('/');
        const externalPackage = external.some((e) =>
          e.endsWith('/*') ? args.path.startsWith(e.slice(0, -1)) : args.path === e,
        );
        return bare && (isBuiltin(args.path) || externalPackage)
          ? { path: args.path, namespace: 'required' }
          : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'other-command' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`${args.path} is not in the ${name} script`)});`,
      }));
      b.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
      }));
    },
  };
}

async function bundleScript(name) {
  const file = join(outdir, 'cached', `${name}.vm.js`);
  await build({
    stdin: {
      contents: "import { runProcess } from './process-main.js';\nvoid runProcess();\n",
      resolveDir: join(ROOT, 'packages/cli/dist'),
      sourcefile: `${name}-script.js`,
    },
    outfile: file,
    bundle: true,
    format: 'iife',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    minify: true,
    keepNames: true,
    external,
    plugins: [withoutDynamicImports(name)],
    define: { 'import.meta.url': '__dgsImportMetaUrl' },
    banner: { js: `${SCRIPT_HEAD} const __dgsImportMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
    footer: { js: SCRIPT_TAIL },
  });
  return file;
}

/** Compiles a cached script as the bin does and returns its function (the script's completion value). */
export function compileScript(file, cachedData) {
  const script = new Script(readFileSync(file, 'utf8'), { filename: file, ...(cachedData ? { cachedData } : {}) });
  return { script, run: () => script.runInThisContext()(createRequire(file), file, dirname(file)) };
}

/** The warm-up child: runs the script on `argv` and, as the process exits, writes its code cache. */
function warmUp(file, argv) {
  const { script, run } = compileScript(file);
  process.argv = [process.execPath, file, ...argv];
  process.once('exit', () => writeFileSync(`${file}.cache`, script.createCachedData()));
  run();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--warm-up');
  if (at > 0) {
    warmUp(process.argv[at + 1], process.argv.slice(at + 2));
  } else {
    rmSync(outdir, { recursive: true, force: true });
    await bundleModules();
    for (const [name, warmUpRun] of Object.entries(CACHED)) {
      const file = await bundleScript(name);
      const { argv, env = {}, cleanUp = () => undefined } = await warmUpRun();
      try {
        const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--warm-up', file, ...argv], {
          cwd: ROOT,
          stdio: 'ignore',
          env: { ...process.env, ...env },
        });
        if (r.error) throw r.error;
      } finally {
        cleanUp();
      }
    }
  }
}
