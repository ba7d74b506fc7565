import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// The one test configuration: every workspace package (packages/*, policies) is a
// vitest project named after its package.json, plus the repository tools. Sibling
// packages resolve to their sources through the `@docugen-secrets/source` export
// condition, so tests never need a prior build. Hooks get more time than tests:
// they start real servers, git repositories and Node 24 children, slow on a loaded machine.
const root = import.meta.dirname;
const conditions = ['@docugen-secrets/source'];

function project(dir: string, name: string, include: string[]): TestProjectInlineConfiguration {
  return {
    root: join(root, dir),
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: { name, include, environment: 'node', testTimeout: 30_000, hookTimeout: 120_000 },
  };
}

const packages = [...readdirSync(join(root, 'packages')).map((d) => join('packages', d)), 'policies']
  .filter((dir) => existsSync(join(root, dir, 'package.json')))
  .map((dir) => {
    const { name } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string };
    return project(dir, name, ['src/**/*.test.ts', 'test/**/*.test.ts']);
  });

export default defineConfig({
  test: {
    projects: [...packages, project('tools', 'tools', ['test/**/*.test.mjs'])],
  },
});
