import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@docugen-secrets/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadState, SecretsManagerState, type SecretRecord } from '../src/index.js';
import { journalPathOf } from '../src/journal.js';
import { fsStateFileIo, StateSaver, type StateFileIo } from '../src/saver.js';
import { DraftTable } from '../src/draft.js';
import { SecretTable } from '../src/table.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sm-scale-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The real file operations, counting the bytes written through them. */
function countingIo(): StateFileIo & { written: number; fullSaves: number } {
  const io = {
    written: 0,
    fullSaves: 0,
    replace: async (path: string, text: string) => {
      io.written += text.length;
      if (!path.endsWith('.journal')) io.fullSaves += 1;
      await fsStateFileIo.replace(path, text);
    },
    append: async (path: string, text: string) => {
      io.written += text.length;
      await fsStateFileIo.append(path, text);
    },
    remove: (path: string) => fsStateFileIo.remove(path),
  };
  return io;
}

function persistedState(path: string, io: StateFileIo): { state: SecretsManagerState; saver: StateSaver } {
  const state: SecretsManagerState = new SecretsManagerState({
    clock: new FixedClock('2026-01-01T00:00:00Z'),
    onChange: (c) => {
      saver.record(c);
    },
  });
  const saver = new StateSaver(path, () => state.toData(), io);
  return { state, saver };
}

describe('a request costs what it touches, not the size of the state', () => {
  it('2,000 acknowledged creates write O(state) bytes in all (a journal), not a whole state each, and stay durable', async () => {
    const path = join(dir, 'sm.json');
    const io = countingIo();
    const { state, saver } = persistedState(path, io);
    for (let i = 0; i < 2000; i++) {
      state.execute('CreateSecret', {
        Name: `bench/s${i}`,
        SecretString: `value-${i}`,
        Tags: [{ Key: 'k', Value: 'v' }],
      });
      await saver.persist(); // one write at a time: group commit cannot hide a per-write full save
    }
    // Not closed: what a crash now would leave on disk.
    const onDisk = await loadState(path);
    expect(onDisk.secrets.map((s) => s.name)).toEqual(state.toData().secrets.map((s) => s.name));
    const finalSize = JSON.stringify(state.toData()).length;
    // A full save per write would be ~1,000 times the final state; a journal with occasional full saves stays a few times it.
    expect(io.written).toBeLessThan(8 * finalSize);
    expect(io.fullSaves).toBeLessThan(10);
    await saver.close();
    expect(io.fullSaves).toBeGreaterThan(0);
    await expect(readFile(journalPathOf(path), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await loadState(path)).secrets).toHaveLength(2000);
  }, 120_000);

  it('a write works on a copy of the one secret it touches: the other records stay the same objects', () => {
    const state = new SecretsManagerState();
    for (let i = 0; i < 50; i++) state.execute('CreateSecret', { Name: `s${i}`, SecretString: 'v' });
    const table = new SecretTable(state.toData().secrets);
    const before = [...table.values()];
    const draft = new DraftTable(table);
    const working = draft.find('s7');
    expect(working).not.toBe(before[7]);
    working?.tags.push({ Key: 'changed', Value: 'yes' });
    expect(before[7]?.tags).toEqual([]); // nothing shows before the commit
    draft.commit();
    const after = [...table.values()];
    expect(after.filter((s, i) => s !== before[i])).toEqual([working]);
    expect(after.map((s) => s.name)).toEqual(before.map((s) => s.name)); // creation order kept
  });

  it('pages of one listing filter and sort once until the secrets change', () => {
    const table = new SecretTable([]);
    let selects = 0;
    const select = (all: Iterable<SecretRecord>): SecretRecord[] => {
      selects += 1;
      return [...all];
    };
    for (let page = 0; page < 100; page++) table.listing('k', select);
    expect(selects).toBe(1);
    table.insert({
      arn: 'arn:aws:secretsmanager:r:1:secret:a-ABCDEF',
      name: 'a',
      tags: [],
      createdMs: 0,
      lastChangedMs: 0,
      versions: [],
    });
    expect(table.listing('k', select)).toHaveLength(1);
    expect(selects).toBe(2);
  });
});

describe('the journal', () => {
  it('leaves out a torn last line, and a journal of another state file', async () => {
    const path = join(dir, 'sm.json');
    const { state, saver } = persistedState(path, fsStateFileIo);
    state.execute('CreateSecret', { Name: 'first', SecretString: 'v' });
    await saver.persist(); // the first save of a life is a full one
    state.execute('CreateSecret', { Name: 'second', SecretString: 'v' });
    await saver.persist();
    state.execute('DeleteSecret', { SecretId: 'first', ForceDeleteWithoutRecovery: true });
    await saver.persist();
    expect((await loadState(path)).secrets.map((s) => s.name)).toEqual(['second']);
    const journal = await readFile(journalPathOf(path), 'utf8');
    await writeFile(journalPathOf(path), `${journal}{"put":{"arn":"torn`);
    expect((await loadState(path)).secrets.map((s) => s.name)).toEqual(['second']);
    // A full save that crashed before removing the journal: the journal continues another file and is ignored.
    await writeFile(path, (await readFile(path, 'utf8')).replace('"secrets": [', '"secrets": [ '));
    expect((await loadState(path)).secrets.map((s) => s.name)).toEqual(['first']);
  });
});
