import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { CommandContext } from '../command.js';
import { readPolicies } from '../compose/report-sources.js';

/**
 * One generated file of the repository: its path, and either its whole
 * expected text (`render`) or, for hand-written pages with generated
 * sections, the page with those sections regenerated. `problems` lists
 * what a check finds stale that regeneration cannot fix (benchmark figures
 * come from `node tools/bench.mjs --write-docs`).
 */
export interface DocTarget {
  readonly path: string;
  render(current: string | undefined): Promise<string>;
  problems?(current: string): string[];
}

interface BoundariesModule {
  readonly ALLOWED: Readonly<Record<string, readonly string[]>>;
  readPackages(
    root: string,
  ): Map<string, { dir: string; name: string; scope?: string; type?: string; deps: Set<string> }>;
}

export const ARCHITECTURE = 'docs/architecture/README.md';
export const SECURITY = 'docs/architecture/security-and-performance.md';
const BOUNDARIES = 'tools/check-boundaries.mjs';

/** The benchmark scripts `npm run bench` runs (tools/bench.mjs's rule: packages/*\/bench and policies/bench). */
export function benchScripts(root: string): string[] {
  const roots = [
    ...(existsSync(join(root, 'packages')) ? readdirSync(join(root, 'packages')).map((d) => `packages/${d}`) : []),
    'policies',
  ];
  return roots
    .map((r) => `${r}/bench`)
    .filter((d) => existsSync(join(root, d)))
    .flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith('.bench.mjs'))
        .map((f) => `${d}/${f}`),
    )
    .sort();
}

async function packageGraph(ctx: CommandContext): Promise<string> {
  const { renderPackageGraph } = await import('@docugen-secrets/docs');
  const mod = (await import(pathToFileURL(join(ctx.cwd, BOUNDARIES)).href)) as BoundariesModule;
  const pkgs = [...mod.readPackages(ctx.cwd).values()].map((p) => ({
    name: p.name,
    dir: p.dir,
    scope: p.scope ?? '',
    ...(p.type === undefined ? {} : { type: p.type }),
    deps: [...p.deps],
  }));
  return renderPackageGraph(pkgs, mod.ALLOWED);
}

/**
 * Every generated file of the repository at `ctx.cwd`: the secrets reference
 * always; in this repository (it has tools/check-boundaries.mjs and the
 * architecture pages) also the package graph, NFR5's table and the
 * structure of the benchmark figures.
 */
export async function docTargets(
  ctx: CommandContext,
  manifests: readonly SecretManifest[],
  out: string,
  now: Date,
): Promise<DocTarget[]> {
  const docs = await import('@docugen-secrets/docs');
  const targets: DocTarget[] = [
    { path: out, render: () => Promise.resolve(`${docs.renderSecretsReference(manifests)}\n`) },
  ];
  if (!existsSync(join(ctx.cwd, BOUNDARIES)) || !existsSync(join(ctx.cwd, ARCHITECTURE))) return targets;
  targets.push({
    path: ARCHITECTURE,
    render: async (current) => docs.replaceSection(current ?? '', 'packages', await packageGraph(ctx), ARCHITECTURE),
  });
  targets.push({
    path: SECURITY,
    render: async (current) => {
      const { maxCadence } = await readPolicies(ctx, 'policies', now);
      return docs.replaceSection(current ?? '', 'nfr5', docs.renderCadenceLimits(maxCadence), SECURITY);
    },
    problems: (current) =>
      docs
        .benchFigureProblems(docs.readSection(current, 'bench') ?? '', benchScripts(ctx.cwd))
        .map((p) => `${p}: run npm run build && node tools/bench.mjs --write-docs`),
  });
  return targets;
}

/** A file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  });
}
