#!/usr/bin/env node
// Enforces one-way dependencies between workspace packages from what their files
// actually import (static, dynamic, type-only, re-exports; sources, tests and
// benches), against the scope graph below (Nx tags in each package.json):
// - a source file may import a workspace package only when its scope is allowed
//   for the importer's scope, the package is declared in "dependencies", and it
//   is not a test-only package;
// - a test or bench file may also import test-only packages and any package
//   declared in "devDependencies" that does not itself depend on the importer;
// - every scope below has a package, every package has a known scope.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** scope -> scopes its sources may import (its own scope is always allowed). */
export const ALLOWED = {
  core: [],
  'local-http': [],
  'github-server': ['core', 'local-http'],
  'github-client': ['core'],
  manifest: ['core'],
  policy: ['core', 'manifest'],
  'leak-scan': ['core'],
  sops: ['core'],
  audit: ['core'],
  'sm-server': ['core', 'local-http'],
  emulators: ['core', 'local-http'],
  'secret-store': ['core', 'audit'],
  'store-aws': ['core', 'secret-store'],
  'store-sops': ['core', 'sops', 'secret-store'],
  rotation: ['core', 'manifest', 'secret-store', 'audit'],
  runner: ['core', 'manifest', 'secret-store', 'audit', 'rotation'],
  publisher: ['core', 'runner', 'github-client'],
  docs: ['core', 'manifest'],
  report: ['core', 'manifest', 'audit', 'secret-store'],
  client: ['core', 'sops'],
  alerts: ['core', 'manifest', 'rotation', 'github-client'],
  drift: ['core', 'manifest', 'audit', 'policy', 'rotation'],
  'reload-hooks': ['core', 'manifest', 'rotation', 'github-client', 'local-http'],
  smoke: ['core', 'manifest', 'secret-store', 'rotation', 'client'],
  example: ['core', 'client', 'local-http'],
  test: ['core', 'audit', 'secret-store'],
  action: ['core', 'runner', 'cli'],
  cli: [
    'core',
    'manifest',
    'policy',
    'leak-scan',
    'sops',
    'audit',
    'sm-server',
    'emulators',
    'secret-store',
    'store-aws',
    'store-sops',
    'rotation',
    'runner',
    'publisher',
    'docs',
    'report',
    'github-server',
    'github-client',
    'alerts',
    'drift',
    'reload-hooks',
    'client',
    'smoke',
  ],
};

const SCOPE = '@docugen-secrets/';
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out-tsc', 'coverage', '.nx', 'fixtures']);
const CODE = /\.(?:[cm]?ts|[cm]?js|tsx)$/;

/** Test and bench files: dev-only code. */
export function isDevFile(rel) {
  return (
    /(?:^|\/)(?:test|bench)\//.test(rel) ||
    /\.test\.[cm]?[jt]s$/.test(rel) ||
    /(?:^|\/)vitest\.config\.[cm]?[jt]s$/.test(rel)
  );
}

/** Every workspace package under `root` (packages/* and policies). */
export function readPackages(root) {
  const dirs = [];
  if (existsSync(join(root, 'packages')))
    for (const d of readdirSync(join(root, 'packages'))) dirs.push(join('packages', d));
  dirs.push('policies');
  const pkgs = new Map();
  for (const dir of dirs.filter((d) => existsSync(join(root, d, 'package.json')))) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const tags = pkg.nx?.tags ?? [];
    const tag = (prefix) => tags.find((t) => t.startsWith(prefix))?.slice(prefix.length);
    pkgs.set(pkg.name, {
      dir,
      name: pkg.name,
      scope: tag('scope:'),
      type: tag('type:'),
      deps: new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })),
      devDeps: new Set(Object.keys(pkg.devDependencies ?? {})),
    });
  }
  return pkgs;
}

function codeFiles(root, dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(join(root, rel))) {
      const path = join(rel, entry);
      if (statSync(join(root, path)).isDirectory()) {
        if (!SKIP_DIRS.has(entry)) walk(path);
      } else if (CODE.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** The workspace packages a file imports, by any form of import. */
export function workspaceImports(source) {
  const names = ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
  return [...new Set(names.filter((n) => n.startsWith(SCOPE)).map((n) => n.split('/').slice(0, 2).join('/')))];
}

/** Names reachable from `name` through runtime dependencies. */
function runtimeClosure(pkgs, name, seen = new Set()) {
  for (const dep of pkgs.get(name)?.deps ?? []) {
    if (pkgs.has(dep) && !seen.has(dep)) {
      seen.add(dep);
      runtimeClosure(pkgs, dep, seen);
    }
  }
  return seen;
}

/** Every boundary problem of the workspace at `root`, as "file: message" lines. */
export function checkBoundaries(root, allowed = ALLOWED) {
  const pkgs = readPackages(root);
  const problems = [];
  const scopes = new Set([...pkgs.values()].map((p) => p.scope));
  for (const scope of Object.keys(allowed)) {
    if (!scopes.has(scope)) problems.push(`tools/check-boundaries.mjs: scope "${scope}" has no package; drop it`);
  }
  for (const p of pkgs.values()) {
    if (!p.scope || !(p.scope in allowed)) {
      problems.push(`${p.dir}/package.json: missing or unknown scope tag (${p.scope ?? 'none'})`);
      continue;
    }
    for (const dep of p.deps) {
      const target = pkgs.get(dep);
      if (!target) continue;
      if (target.type === 'test' && p.type !== 'test')
        problems.push(`${p.dir}/package.json: depends on test-only package ${dep} at runtime`);
      else if (!mayImport(allowed, p, target))
        problems.push(`${p.dir}/package.json: scope:${p.scope} may not depend on ${dep} (scope:${target.scope})`);
    }
    for (const file of codeFiles(root, p.dir)) {
      const rel = relative(p.dir, file);
      const dev = isDevFile(rel) || p.type === 'test';
      for (const name of workspaceImports(readFileSync(join(root, file), 'utf8'))) {
        const problem = importProblem(pkgs, allowed, p, name, dev);
        if (problem) problems.push(`${file}: ${problem}`);
      }
    }
  }
  return { packages: pkgs.size, problems };
}

function mayImport(allowed, from, to) {
  return to.scope === from.scope || (allowed[from.scope] ?? []).includes(to.scope);
}

function importProblem(pkgs, allowed, p, name, dev) {
  if (name === p.name) return undefined;
  const target = pkgs.get(name);
  if (!target) return `imports ${name}, which is not a workspace package`;
  if (!dev) {
    if (!p.deps.has(name)) return `imports ${name} without declaring it in "dependencies"`;
    if (target.type === 'test') return `imports test-only package ${name} outside tests`;
    if (!mayImport(allowed, p, target)) return `scope:${p.scope} may not import ${name} (scope:${target.scope})`;
    return undefined;
  }
  if (!p.deps.has(name) && !p.devDeps.has(name)) return `imports ${name} without declaring it in package.json`;
  if (runtimeClosure(pkgs, name).has(p.name)) return `test imports ${name}, which depends on ${p.name} (a cycle)`;
  return undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { packages, problems } = checkBoundaries(process.argv[2] ?? '.');
  if (problems.length) {
    for (const p of problems) console.error(p);
    process.exit(1);
  }
  console.log(`module boundaries: ${packages} packages, every import points one way and is declared`);
}
