import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayout, layoutRows } from '../check-layout.mjs';

let root;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function tree(packages, rows, extra = []) {
  root = mkdtempSync(join(tmpdir(), 'layout-'));
  for (const p of packages) {
    mkdirSync(join(root, 'packages', p), { recursive: true });
    writeFileSync(join(root, 'packages', p, 'package.json'), '{}');
  }
  for (const d of extra) mkdirSync(join(root, d), { recursive: true });
  const table = rows.map((r) => `| \`${r}\` | what |`).join('\n');
  writeFileSync(
    join(root, 'README.md'),
    `# x\n\n## Layout\n\n| path | what |\n| --- | --- |\n${table}\n\n## Next\n| \`packages/gone\` | not the layout |\n`,
  );
  return root;
}

describe('README layout check', () => {
  it('reads only the Layout section and drops trailing slashes', () => {
    expect(layoutRows('## Layout\n| `docs/` | a |\n| `packages/a` | b |\n## Other\n| `x` | c |\n')).toEqual([
      'docs',
      'packages/a',
    ]);
  });

  it('passes when every package and top-level folder has a row', () => {
    expect(checkLayout(tree(['core', 'cli'], ['docs/', 'packages/core', 'packages/cli'], ['docs']))).toEqual([]);
  });

  it('names a package without a row', () => {
    expect(checkLayout(tree(['core', 'runner'], ['packages/core']))).toEqual([
      'README Layout: no row for packages/runner/',
    ]);
  });

  it('names a row whose folder does not exist', () => {
    expect(checkLayout(tree(['core'], ['packages/core', 'packages/stores']))).toEqual([
      'README Layout: packages/stores does not exist',
    ]);
  });

  it('holds for this repository', () => {
    expect(checkLayout(new URL('../..', import.meta.url).pathname)).toEqual([]);
  });
});
