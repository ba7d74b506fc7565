import type { Git } from './git.js';

/** One entry of a git tree, as `ls-tree` prints it and `mktree` reads it. */
interface Entry {
  mode: string;
  type: string;
  id: string;
  name: string;
}

async function entriesOf(git: Git, tree: string | undefined): Promise<Entry[]> {
  if (tree === undefined) return [];
  const out = await git.run(['ls-tree', '-z', tree]);
  return out
    .split('\0')
    .filter((l) => l !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode = '', type = '', id = ''] = line.slice(0, tab).split(' ');
      return { mode, type, id, name: line.slice(tab + 1) };
    });
}

/** Splits `a/b/c` into its first segment and the rest (undefined for a file at this level). */
function head(path: string): [string, string | undefined] {
  const i = path.indexOf('/');
  return i < 0 ? [path, undefined] : [path.slice(0, i), path.slice(i + 1)];
}

/**
 * A new tree: `base` with `files` replaced (blob id) or removed (undefined),
 * built in the object database only (`ls-tree`/`mktree`). No index, working
 * tree or ref is touched, so an interrupted replay leaves nothing behind but
 * unreferenced objects. Returns undefined for an empty tree below the root.
 */
export async function treeWith(
  git: Git,
  base: string | undefined,
  files: ReadonlyMap<string, string | undefined>,
  root = true,
): Promise<string | undefined> {
  const entries = new Map((await entriesOf(git, base)).map((e) => [e.name, e]));
  const below = new Map<string, Map<string, string | undefined>>();
  for (const [path, blob] of files) {
    const [name, rest] = head(path);
    if (rest === undefined) {
      if (blob === undefined) entries.delete(name);
      else entries.set(name, { mode: '100644', type: 'blob', id: blob, name });
    } else {
      const group = below.get(name) ?? new Map<string, string | undefined>();
      group.set(rest, blob);
      below.set(name, group);
    }
  }
  for (const [name, group] of below) {
    const current = entries.get(name);
    const sub = await treeWith(git, current?.type === 'tree' ? current.id : undefined, group, false);
    if (sub === undefined) entries.delete(name);
    else entries.set(name, { mode: '040000', type: 'tree', id: sub, name });
  }
  if (entries.size === 0 && !root) return undefined;
  const input = [...entries.values()].map((e) => `${e.mode} ${e.type} ${e.id}\t${e.name}\0`).join('');
  return (await git.run(['mktree', '-z'], input)).trim();
}
