import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DocugenError, mapLimit } from '@docugen-secrets/core';
import type { SopsFileFacts, SopsFileVersion, SopsInventory } from '@docugen-secrets/drift';
import type * as Yaml from 'yaml';

/** The store's file format marker (store-sops layout.ts). */
const STORE_FORMAT = 'docugen-secrets/sops-store/v1';
const SOPS_FILE = /\.sops\.(?:ya?ml|json)$/;

type Obj = Readonly<Record<string, unknown>>;

function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) {
        resolvePromise(stdout);
        return;
      }
      const why = stderr.trim().split('\n').slice(-1).join('').slice(0, 300);
      reject(
        new DocugenError('CLI_LOCAL_REPO', `git ${args[0] ?? ''} failed in ${cwd}${why ? `: ${why}` : ''}`, {
          cause: err,
        }),
      );
    });
  });
}

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

function date(v: unknown): Date | undefined {
  const s = str(v);
  const d = s === undefined ? undefined : new Date(s);
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

function version(v: unknown): SopsFileVersion[] {
  const o = obj(v);
  const id = str(o['id']);
  if (id === undefined) return [];
  const stage = str(o['stage']);
  const status = str(o['status']);
  const createdAt = date(o['created_at']);
  return [
    {
      id,
      stage: stage === 'current' || stage === 'pending' || stage === 'previous' ? stage : 'none',
      status: status === 'failed' || status === 'retired' ? status : 'active',
      ...(createdAt ? { createdAt } : {}),
    },
  ];
}

/** Age recipients of the `sops` metadata: top-level `age` and every `key_groups[].age`. */
function recipientsOf(sops: Obj): string[] {
  const groups = [sops, ...list(sops['key_groups']).map(obj)];
  return [...new Set(groups.flatMap((g) => list(g['age']).flatMap((k) => str(obj(k)['recipient']) ?? [])))];
}

function stringRecord(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(v)).flatMap(([k, x]) => (typeof x === 'string' ? [[k, x]] : [])));
}

/** Expected recipients of one file: `.sops.yaml`'s creation rule when the repository has one, else the store's own. */
export type RecipientRule = (
  path: string,
) => { readonly recipients: readonly string[]; readonly from: string } | undefined;

export interface SopsInventoryOptions {
  /** The SOPS repository (a git working tree). */
  readonly root: string;
  /** For display paths. */
  readonly cwd: string;
  readonly expected: RecipientRule;
}

/**
 * The SOPS store as drift sees it: every `*.sops.yaml|yml|json` file git
 * knows in the repository (tracked or untracked, not ignored), read as
 * plain YAML — only clear fields and the `sops` metadata are used, nothing
 * is decrypted, no key is needed — and the last commit that touched it.
 */
export class GitSopsInventory implements SopsInventory {
  readonly #o: SopsInventoryOptions;

  constructor(options: SopsInventoryOptions) {
    this.#o = options;
  }

  async listFiles(): Promise<readonly SopsFileFacts[]> {
    const root = this.#o.root;
    if (
      !(await access(join(root, '.git')).then(
        () => true,
        () => false,
      ))
    )
      return [];
    const out = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    const paths = [...new Set(out.split('\0').filter((p) => SOPS_FILE.test(p)))].sort();
    return (await mapLimit(paths, 4, (p) => this.#file(p))).flat();
  }

  async #file(path: string): Promise<SopsFileFacts[]> {
    // yaml is CommonJS: in the CLI bundle, import('yaml') has a default export only (a destructured
    // named `parse` came out undefined there and every file read as empty); Node gives both.
    const mod = (await import('yaml')) as typeof Yaml & { default?: typeof Yaml };
    const { parse } = mod.default ?? mod;
    const abs = join(this.#o.root, path);
    const text = await readFile(abs, 'utf8').catch(() => undefined);
    if (text === undefined) return [];
    let doc: Obj;
    try {
      doc = obj(parse(text));
    } catch {
      doc = {};
    }
    const lastCommit = (await git(this.#o.root, ['log', '-1', '--format=%H', '--', path])).trim();
    const expected = this.#o.expected(path);
    const id = str(doc['id']);
    const [createdAt, changedAt, rotatedAt] = [
      date(doc['created_at']),
      date(doc['changed_at']),
      date(doc['rotated_at']),
    ];
    return [
      {
        path,
        displayPath: relative(this.#o.cwd, abs),
        managed: doc['format'] === STORE_FORMAT,
        ...(id === undefined ? {} : { id }),
        tags: stringRecord(doc['tags']),
        ...(createdAt ? { createdAt } : {}),
        ...(changedAt ? { changedAt } : {}),
        ...(rotatedAt ? { rotatedAt } : {}),
        versions: list(doc['versions']).flatMap(version),
        recipients: recipientsOf(obj(doc['sops'])),
        ...(expected ? { expectedRecipients: expected.recipients, expectedFrom: expected.from } : {}),
        ...(lastCommit === '' ? {} : { lastCommit }),
      },
    ];
  }
}
