import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBoundaries, workspaceImports } from '../check-boundaries.mjs';

const ALLOWED = { core: [], store: ['core'], rotation: ['core'], test: ['core'], cli: ['core', 'store', 'rotation'] };

let root;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A workspace: name -> [scope, type, dependencies, devDependencies, files]. */
function workspace(packages) {
  root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  for (const [name, { scope, type = 'lib', deps = [], devDeps = [], files = {} }] of Object.entries(packages)) {
    const dir = join(root, 'packages', name);
    const pkg = {
      name: `@docugen-secrets/${name}`,
      dependencies: Object.fromEntries(deps.map((d) => [`@docugen-secrets/${d}`, '0.1.0'])),
      devDependencies: Object.fromEntries(devDeps.map((d) => [`@docugen-secrets/${d}`, '0.1.0'])),
      nx: { tags: [`scope:${scope}`, `type:${type}`] },
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  }
  return root;
}

const base = () => ({
  core: { scope: 'core', files: { 'src/index.ts': 'export const x = 1;\n' } },
  store: { scope: 'store', deps: ['core'], files: { 'src/index.ts': "import { x } from '@docugen-secrets/core';\n" } },
  rotation: {
    scope: 'rotation',
    deps: ['core'],
    devDeps: ['store', 'test-support'],
    files: { 'src/index.ts': "import type { X } from '@docugen-secrets/core';\n" },
  },
  'test-support': { scope: 'test', type: 'test', deps: ['core'] },
  cli: { scope: 'cli', deps: ['core', 'store', 'rotation'] },
});
const problems = (pkgs) => checkBoundaries(workspace(pkgs), ALLOWED).problems;

describe('check-boundaries', () => {
  it('reads every form of import, skipping comments and strings', () => {
    const text = [
      "import type { A } from '@docugen-secrets/a';",
      "export * from '@docugen-secrets/b/sub';",
      "const c = await import('@docugen-secrets/c');",
      "type D = typeof import('@docugen-secrets/d');",
      "// import '@docugen-secrets/e';",
      'const s = "import(\'@docugen-secrets/f\')";',
      "import './local.js';",
    ].join('\n');
    expect(workspaceImports(text)).toEqual([
      '@docugen-secrets/a',
      '@docugen-secrets/b',
      '@docugen-secrets/c',
      '@docugen-secrets/d',
    ]);
  });

  it('passes a workspace whose imports follow the graph', () => {
    expect(problems(base())).toEqual([]);
  });

  it('fails a source that imports an adapter its scope may not use, even type-only or dynamically', () => {
    const pkgs = base();
    pkgs.rotation.deps.push('store');
    pkgs.rotation.files['src/a.ts'] = "import type { S } from '@docugen-secrets/store';\n";
    pkgs.rotation.files['src/b.ts'] = "export const s = () => import('@docugen-secrets/store');\n";
    expect(problems(pkgs)).toEqual([
      'packages/rotation/package.json: scope:rotation may not depend on @docugen-secrets/store (scope:store)',
      'packages/rotation/src/a.ts: scope:rotation may not import @docugen-secrets/store (scope:store)',
      'packages/rotation/src/b.ts: scope:rotation may not import @docugen-secrets/store (scope:store)',
    ]);
  });

  it('fails an import of a workspace package the importer does not declare', () => {
    const pkgs = base();
    pkgs.cli.files = {
      'src/run.ts': "import { x } from '@docugen-secrets/core';\nimport { t } from '@docugen-secrets/nope';\n",
    };
    pkgs.cli.deps = ['store', 'rotation'];
    expect(problems(pkgs)).toEqual([
      'packages/cli/src/run.ts: imports @docugen-secrets/core without declaring it in "dependencies"',
      'packages/cli/src/run.ts: imports @docugen-secrets/nope, which is not a workspace package',
    ]);
  });

  it('allows dev-only packages in tests and benches only', () => {
    const pkgs = base();
    pkgs.rotation.files['test/a.test.ts'] =
      "import { F } from '@docugen-secrets/test-support';\nimport { S } from '@docugen-secrets/store';\n";
    pkgs.rotation.files['bench/b.bench.mjs'] = "import { S } from '@docugen-secrets/store';\n";
    expect(problems(pkgs)).toEqual([]);
    pkgs.rotation.files['src/leak.ts'] = "import { F } from '@docugen-secrets/test-support';\n";
    expect(problems(pkgs)).toEqual([
      'packages/rotation/src/leak.ts: imports @docugen-secrets/test-support without declaring it in "dependencies"',
    ]);
  });

  it('fails a test import that would make a cycle, a runtime dependency on a test package, and unknown or unused scopes', () => {
    const pkgs = base();
    pkgs.core.devDeps = ['store'];
    pkgs.core.files['test/x.test.ts'] = "import { S } from '@docugen-secrets/store';\n";
    pkgs.store.deps.push('test-support');
    pkgs.extra = { scope: 'mystery' };
    expect(checkBoundaries(workspace(pkgs), { ...ALLOWED, alerts: ['core'] }).problems).toEqual([
      'tools/check-boundaries.mjs: scope "alerts" has no package; drop it',
      'packages/core/test/x.test.ts: test imports @docugen-secrets/store, which depends on @docugen-secrets/core (a cycle)',
      'packages/extra/package.json: missing or unknown scope tag (mystery)',
      'packages/store/package.json: depends on test-only package @docugen-secrets/test-support at runtime',
    ]);
  });

  it('passes this repository', () => {
    const here = checkBoundaries(join(import.meta.dirname, '../..'));
    expect(here.problems).toEqual([]);
    expect(here.packages).toBeGreaterThan(10);
  });
});
