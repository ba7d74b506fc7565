import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import { rotationToken, type SecretRef, type SecretValue } from '@docugen-secrets/secret-store';
import { GitRepository, SopsStore } from '../src/index.js';
import { GIT_IDENTITY, canary } from '@docugen-secrets/test-support';
import { sopsHarness, testIdentities, type SopsHarness } from './sops-harness.js';

const str = (value: string): SecretValue => ({ kind: 'string', value });

function fileOf(h: SopsHarness, ref: SecretRef): string {
  return join(h.work, ref.target.kind === 'sops' ? ref.target.path : '');
}

async function rotated(h: SopsHarness, label: string): Promise<{ ref: SecretRef; token: string }> {
  const ref = h.newRef(label);
  await h.store.create(ref, { initialValue: str(canary('v1')) });
  const token = rotationToken(ref.id, 'slot-1');
  await h.store.putPending(ref, str(canary('v2')), token);
  return { ref, token };
}

describe('SopsStore file format and git', () => {
  it('writes clear, MAC-covered metadata and encrypts only the values', async () => {
    const h = await sopsHarness();
    const { ref } = await rotated(h, 'layout');
    const text = await readFile(fileOf(h, ref), 'utf8');
    expect(text).toMatch(/^format: docugen-secrets\/sops-store\/v1\nid: layout\n/);
    expect(text).toContain('    encrypted_regex: ^value$\n');
    expect(text).not.toContain('mac_only_encrypted: true');
    expect(text.match(/^ {6}value: ENC\[AES256_GCM,.*type:str\]$/gm)).toHaveLength(2);
    expect(text.match(/^ {6}stage: (pending|current)$/gm)).toEqual(['      stage: pending', '      stage: current']);
  });

  it('promotes with a minimal diff: value ciphertexts stay byte-identical', async () => {
    const h = await sopsHarness();
    const { ref, token } = await rotated(h, 'diff');
    await h.store.promote(ref, token);
    const diff = execFileSync('git', ['diff', '--unified=0', 'HEAD~1', 'HEAD'], { cwd: h.work, encoding: 'utf8' });
    const changed = diff
      .split('\n')
      .filter((l) => /^[-+] /.test(l) || /^[-+]\w/.test(l))
      .filter((l) => !l.startsWith('---') && !l.startsWith('+++'));
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed) expect(line).toMatch(/^[-+]\s*(changed_at|rotated_at|stage|lastmodified|mac):/);
    expect(diff).not.toMatch(/^[-+]\s*value:/m);
  });

  it('pushes every change to the remote with value-free commit messages', async () => {
    const h = await sopsHarness();
    const { ref, token } = await rotated(h, 'push');
    await h.store.promote(ref, token);
    const path = ref.target.kind === 'sops' ? ref.target.path : '';
    expect(execFileSync('git', ['show', `main:${path}`], { cwd: h.remote, encoding: 'utf8' })).toBe(
      await readFile(fileOf(h, ref), 'utf8'),
    );
    const subjects = execFileSync('git', ['log', '--format=%s', 'main'], { cwd: h.remote, encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(subjects.slice(0, 3)).toEqual([
      `docugen-secrets: promote version ${token} of ${ref.id} to current`,
      `docugen-secrets: stage pending version ${token} of ${ref.id}`,
      `docugen-secrets: create ${ref.id}`,
    ]);
  });

  it('detects an edited clear field through the MAC', async () => {
    const h = await sopsHarness();
    const { ref } = await rotated(h, 'tamper');
    const file = fileOf(h, ref);
    await writeFile(file, (await readFile(file, 'utf8')).replace('stage: pending', 'stage: previous'));
    const err = await h.store.getValue(ref, 'current').catch((e: unknown) => e);
    expect(isDocugenError(err, 'STORE_CORRUPT')).toBe(true);
    expect(isDocugenError(err) && err.details['sopsError']).toBe('SOPS_MAC_MISMATCH');
  });

  it('reports a reader without a matching identity as access denied', async () => {
    const h = await sopsHarness();
    const { ref } = await rotated(h, 'denied');
    const other = await testIdentities();
    const stranger = new SopsStore({
      repo: new GitRepository(h.work, { identity: GIT_IDENTITY }),
      identities: other,
      recipients: other.map((i) => i.recipient),
    });
    const err = await stranger.getValue(ref, 'current').catch((e: unknown) => e);
    expect(isDocugenError(err, 'STORE_ACCESS_DENIED')).toBe(true);
  });

  it('drops the values of retired and failed versions from the file', async () => {
    const h = await sopsHarness();
    const { ref, token } = await rotated(h, 'drop');
    const first = (await h.store.listVersions(ref)).find((v) => v.versionId !== token)!.versionId;
    await h.store.promote(ref, token);
    await h.store.retire(ref, first);
    const failed = rotationToken(ref.id, 'slot-2');
    await h.store.putPending(ref, str(canary('v3')), failed);
    await h.store.markFailed(ref, failed);
    const text = await readFile(fileOf(h, ref), 'utf8');
    expect(text.match(/value: ENC\[/g)).toHaveLength(1);
    expect((await h.store.listVersions(ref)).map((v) => [v.stages, v.failed ?? false, v.retired ?? false])).toEqual([
      [[], true, false],
      [['current'], false, false],
      [[], false, true],
    ]);
    await expect(h.store.getVersion(ref, first)).rejects.toSatisfy((e) => isDocugenError(e, 'STORE_VERSION_NOT_FOUND'));
  });
});
