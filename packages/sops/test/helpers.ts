import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RandomSource } from '@docugen-secrets/core';
import { parseIdentities, type AgeIdentity, type SopsFormat } from '../src/index.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The shared sops vectors (`../shared/sops/vectors` from the repo root); fails loudly when absent. */
export const vectorsDir = resolve(repoRoot, '../shared/sops/vectors');
if (!existsSync(vectorsDir)) {
  throw new Error(`sops test vectors not found at ${vectorsDir}: the repository expects ../shared/sops/vectors beside it (CI provides it)`);
}

export interface Vector {
  readonly name: string;
  readonly dir: string;
  readonly file: string;
  readonly text: string;
  readonly format: SopsFormat;
  readonly result: {
    readonly result: string;
    readonly decrypted?: unknown;
    readonly mac?: string;
    readonly version?: string;
  };
  readonly keys: string;
}

const FORMAT: Readonly<Record<string, SopsFormat>> = { yaml: 'yaml', json: 'json', dotenv: 'dotenv', 'binary(json)': 'binary' };

/** Every vector with an encrypted file (the age-stanza-only vector is listed separately). */
export function loadVectors(): Vector[] {
  return readdirSync(vectorsDir)
    .sort()
    .flatMap((name) => {
      const dir = join(vectorsDir, name);
      const result = JSON.parse(readFileSync(join(dir, 'RESULT.json'), 'utf8')) as Vector['result'] & { file?: string; format?: string };
      if (result.file === undefined || result.format === undefined) return [];
      const format = FORMAT[result.format];
      if (format === undefined) throw new Error(`${name}: unknown format ${result.format}`);
      return [{ name, dir, file: join(dir, result.file), text: readFileSync(join(dir, result.file), 'utf8'), format, result, keys: readFileSync(join(dir, 'keys.txt'), 'utf8') }];
    });
}

export async function identitiesOf(v: { keys: string; name: string }): Promise<AgeIdentity[]> {
  return parseIdentities(v.keys, `${v.name}/keys.txt`);
}

/** Deterministic randomness for tests (a counter-seeded xorshift). */
export function seededRandom(seed = 1): RandomSource {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s & 0xff;
  };
  return {
    bytes: (n) => Uint8Array.from({ length: n }, next),
    uuid: () => '00000000-0000-4000-8000-000000000000',
  };
}

/** Replays recorded IVs in order (to rebuild a file with its original IVs), then falls back to `rest`. */
export function replayRandom(chunks: readonly Uint8Array[], rest: RandomSource = seededRandom(7)): RandomSource {
  const queue = [...chunks];
  return {
    bytes: (n) => {
      const c = queue.shift();
      if (c && c.length === n) return c;
      return rest.bytes(n);
    },
    uuid: () => rest.uuid(),
  };
}
