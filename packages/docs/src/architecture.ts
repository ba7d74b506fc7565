/** A workspace package as its package.json declares it. */
export interface WorkspacePackage {
  /** `@docugen-secrets/core` */
  readonly name: string;
  /** `packages/core` */
  readonly dir: string;
  /** The Nx `scope:` tag. */
  readonly scope: string;
  /** The Nx `type:` tag (`lib`, `app`, `test`). */
  readonly type?: string;
  /** Workspace packages in `dependencies` (runtime). */
  readonly deps: readonly string[];
}

const inScope = (packages: readonly WorkspacePackage[], scope: string): string =>
  packages
    .filter((p) => p.scope === scope)
    .map((p) => short(p.name))
    .sort()
    .join(', ');
const short = (name: string): string => name.replace(/^@docugen-secrets\//, '');
const node = (name: string): string => short(name).replace(/[^A-Za-z0-9]/g, '_');

/**
 * The package graph as a Mermaid flowchart, from the packages' own
 * `package.json` runtime dependencies (what is), bottom to top, test-only
 * packages left out; then the scope table of tools/check-boundaries.mjs
 * (what may be). Both are read from the repository by `docs`, so the page
 * cannot drift from the code: `docs --check` fails when it would change.
 */
export function renderPackageGraph(
  packages: readonly WorkspacePackage[],
  allowed: Readonly<Record<string, readonly string[]>>,
): string {
  const libs = [...packages].filter((p) => p.type !== 'test').sort((a, b) => (a.name < b.name ? -1 : 1));
  const names = new Set(libs.map((p) => p.name));
  const edges = libs.flatMap((p) =>
    [...p.deps]
      .filter((d) => names.has(d))
      .sort()
      .map((d) => `  ${node(p.name)} --> ${node(d)}`),
  );
  const scopes = Object.keys(allowed).sort();
  return [
    '```mermaid',
    'flowchart BT',
    ...libs.map((p) => `  ${node(p.name)}["${short(p.name)}<br/><small>${p.dir}</small>"]`),
    ...edges,
    '```',
    '',
    `${libs.length} packages (test-only packages — ${
      packages
        .filter((p) => p.type === 'test')
        .map((p) => `\`${short(p.name)}\``)
        .sort()
        .join(', ') || 'none'
    } — are left out). An arrow points from a package to one it depends on at runtime.`,
    '',
    '| scope | packages | may import |',
    '| --- | --- | --- |',
    ...scopes.map(
      (s) =>
        `| \`${s}\` | ${inScope(packages, s)} | ${
          (allowed[s] ?? []).length === 0
            ? '(nothing but itself)'
            : [...(allowed[s] ?? [])]
                .sort()
                .map((t) => `\`${t}\``)
                .join(', ')
        } |`,
    ),
  ].join('\n');
}
