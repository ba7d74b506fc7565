#!/usr/bin/env node
// Enforces one-way dependencies between workspace packages from their Nx tags
// (package.json "nx.tags"). A package may depend only on packages whose scope
// is listed for its own scope below; test-only packages are never runtime deps.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** scope -> scopes it may depend on (its own scope is always allowed). */
const ALLOWED = {
  core: [],
  'local-http': [],
  'github-server': ['core', 'local-http'],
  'github-client': ['core'],
  manifest: ['core'],
  policy: ['core', 'manifest'],
  sops: ['core'],
  audit: ['core'],
  'leak-scan': ['core'],
  'sm-server': ['core', 'local-http'],
  emulators: ['core', 'local-http'],
  'secret-store': ['core', 'audit'],
  'store-aws': ['core', 'secret-store'],
  'store-sops': ['core', 'sops', 'secret-store'],
  rotation: ['core', 'manifest', 'secret-store', 'audit'],
  alerts: ['core', 'manifest', 'rotation', 'github-client'],
  client: ['core'],
  test: ['core', 'manifest', 'sops', 'audit', 'secret-store', 'emulators', 'rotation', 'alerts', 'github-client', 'github-server'],
  cli: ['core', 'manifest', 'policy', 'leak-scan', 'sm-server', 'emulators', 'sops', 'audit', 'secret-store', 'store-aws', 'store-sops', 'rotation', 'alerts', 'docs', 'github-client', 'github-server'],
  action: ['core', 'manifest', 'policy', 'leak-scan', 'sops', 'audit', 'secret-store', 'store-aws', 'store-sops', 'rotation', 'alerts', 'cli', 'github-client'],
  docs: ['core', 'manifest'],
};

const dirs = [...readdirSync('packages').map((d) => join('packages', d)), 'policies'].filter((d) => existsSync(join(d, 'package.json')));
const pkgs = new Map();
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const tags = pkg.nx?.tags ?? [];
  const scope = tags.find((t) => t.startsWith('scope:'))?.slice(6);
  pkgs.set(pkg.name, { dir, pkg, scope, type: tags.find((t) => t.startsWith('type:'))?.slice(5) });
}
const problems = [];
for (const [name, { dir, pkg, scope }] of pkgs) {
  if (!scope || !(scope in ALLOWED)) problems.push(`${dir}/package.json: missing or unknown scope tag (${scope ?? 'none'})`);
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    const target = pkgs.get(dep);
    if (!target) continue;
    if (target.type === 'test') problems.push(`${dir}/package.json: ${name} depends on test-only package ${dep} at runtime`);
    else if (target.scope !== scope && !(ALLOWED[scope] ?? []).includes(target.scope)) problems.push(`${dir}/package.json: ${name} (scope:${scope}) may not depend on ${dep} (scope:${target.scope})`);
  }
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`module boundaries: ${pkgs.size} packages, all dependencies point one way`);
