import { mkdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import type { AgeIdentity } from '@docugen-secrets/sops';
import type { SecretStore } from '@docugen-secrets/secret-store';
import type { CommandContext } from '../command.js';
import { ensureLocalRepo, LOCAL_GIT_IDENTITY } from './git-init.js';

export interface SopsBackendOptions {
  /** `.local/` of this run. */
  readonly stateDir: string;
  /**
   * A git checkout to write and commit the SOPS files in (in Actions: the
   * repository's checkout; git's own configuration names the author).
   * Omitted: a local repository `.local/sops-repo`, never the working tree.
   */
  readonly sopsRepo?: string | undefined;
  /** `publisher`: the store only writes; the run's publisher commits and pushes once (`start`). */
  readonly commits?: 'each-change' | 'publisher' | undefined;
}

/**
 * The age identities: SOPS_AGE_KEY / SOPS_AGE_KEY_FILE when set, else a
 * local key `.local/age-key.txt` (mode 0600), made on first use with
 * `age-encryption`.
 */
async function identitiesOf(ctx: CommandContext, stateDir: string, notes: string[]): Promise<AgeIdentity[]> {
  const { loadIdentities, parseIdentities, generateAgeIdentity } = await import('@docugen-secrets/sops');
  const fromEnv = await loadIdentities({ env: ctx.env, defaultKeyFile: false });
  if (fromEnv.length > 0) return fromEnv;
  const keyFile = join(stateDir, 'age-key.txt');
  let text = await readFile(keyFile, 'utf8').catch(() => undefined);
  if (text === undefined) {
    const { identity, recipient } = await generateAgeIdentity();
    text = `# local docugen-secrets key (never commit it)\n# public key: ${recipient}\n${identity}\n`;
    await mkdir(stateDir, { recursive: true });
    await writeFileAtomic(keyFile, text, 0o600);
  }
  notes.push(`sops: local age key ${relative(ctx.cwd, keyFile)} (set SOPS_AGE_KEY_FILE to use yours)`);
  return parseIdentities(text, keyFile);
}

/**
 * The git-native SOPS store of a run: every change encrypted to the age key and committed.
 * Changes an interrupted run wrote and did not commit are committed first (and noted).
 */
export async function openSopsStore(
  ctx: CommandContext,
  options: SopsBackendOptions,
  notes: string[],
): Promise<SecretStore> {
  const { SopsStore, GitRepository } = await import('@docugen-secrets/store-sops');
  const identities = await identitiesOf(ctx, options.stateDir, notes);
  let repo: InstanceType<typeof GitRepository>;
  if (options.sopsRepo === undefined) {
    const dir = join(options.stateDir, 'sops-repo');
    const created = await ensureLocalRepo(dir);
    repo = new GitRepository(dir, { identity: LOCAL_GIT_IDENTITY });
    const per = options.commits === 'publisher' ? 'one commit per run' : 'one commit per change';
    notes.push(`sops: local git repository ${relative(ctx.cwd, dir)}${created ? ' (created now)' : ''}, ${per}`);
  } else {
    const dir = resolve(ctx.cwd, options.sopsRepo);
    repo = new GitRepository(dir);
    notes.push(`sops: files in ${relative(ctx.cwd, dir) || '.'}, one commit per change`);
  }
  const store = new SopsStore({
    repo,
    identities,
    recipients: identities.map((i) => i.recipient),
    clock: ctx.clock,
    commits: options.commits ?? 'each-change',
  });
  // A previous run that stopped between a write and its commit: finish it now, with that step's message.
  for (const change of await store.recover())
    notes.push(
      `sops: committed ${change.path}, left uncommitted by an interrupted run (${change.message.split('\n')[0] ?? ''})`,
    );
  return store;
}
