#!/usr/bin/env node
// The README's Layout table must name every package and top-level folder, and only folders that exist:
// a newcomer finds each concern's room from it, so it may not drift from the tree.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Paths in the first column of the table under `## Layout` (trailing slashes dropped). */
export function layoutRows(readme) {
  const heading = /^## Layout[ \t]*$/m.exec(readme);
  if (!heading) return [];
  const rest = readme.slice(heading.index + heading[0].length);
  const next = /^## /m.exec(rest);
  const section = next ? rest.slice(0, next.index) : rest;
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1].replace(/\/+$/, ''));
}

/** Folders the table must list: every package, and the tracked top-level folders a newcomer opens. */
export function requiredFolders(dir) {
  const packages = readdirSync(join(dir, 'packages'))
    .filter((n) => existsSync(join(dir, 'packages', n, 'package.json')))
    .map((n) => `packages/${n}`);
  const top = ['docs', 'policies', 'secrets-manifests', 'tools', 'examples'].filter((n) => {
    const p = join(dir, n);
    return existsSync(p) && statSync(p).isDirectory();
  });
  return [...top, ...packages];
}

export function checkLayout(dir) {
  const rows = layoutRows(readFileSync(join(dir, 'README.md'), 'utf8'));
  const listed = new Set(rows);
  const problems = [];
  for (const f of requiredFolders(dir)) if (!listed.has(f)) problems.push(`README Layout: no row for ${f}/`);
  for (const r of rows) if (!existsSync(join(dir, r))) problems.push(`README Layout: ${r} does not exist`);
  if (rows.length === 0) problems.push('README: no "## Layout" table');
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkLayout(root);
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log(
    `layout: README table matches the ${layoutRows(readFileSync(join(root, 'README.md'), 'utf8')).length} folders`,
  );
}
