import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseIdentities, type AgeIdentity, type SopsFormat } from '../../src/index.js';

/**
 * The vector suite: files written by the real `sops` CLI in public projects
 * (sources listed in docs/sops-vectors.md). They are third-party files, so the
 * repository does not carry them: they are read from `$SOPS_VECTORS_DIR`, else
 * from `../shared/sops/vectors` beside the repository (as CI lays it out).
 * Without them this suite alone is skipped, saying so; every other test makes
 * its own files and keys.
 */
const repoRoot = resolve(import.meta.dirname, '../../../..');
const fromEnv = process.env['SOPS_VECTORS_DIR'];
export const vectorsDir =
  fromEnv === undefined || fromEnv === '' ? resolve(repoRoot, '../shared/sops/vectors') : resolve(fromEnv);
if (fromEnv && !existsSync(vectorsDir)) throw new Error(`SOPS_VECTORS_DIR=${fromEnv}: no such directory`);

/** Whether the vectors are there; when not, the suite is skipped with `VECTORS_MISSING` as its reason. */
export const haveVectors = existsSync(vectorsDir);
export const VECTORS_MISSING =
  `sops vectors not found at ${vectorsDir}: set SOPS_VECTORS_DIR or put them at ../shared/sops/vectors ` +
  '(where to get them: docs/sops-vectors.md)';
if (!haveVectors) process.stderr.write(`skipped: ${VECTORS_MISSING}\n`);

/** The suite title, naming why it is skipped when it is. */
export function suiteTitle(title: string): string {
  return haveVectors ? title : `${title} [skipped: ${VECTORS_MISSING}]`;
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

const FORMAT: Readonly<Record<string, SopsFormat>> = {
  yaml: 'yaml',
  json: 'json',
  dotenv: 'dotenv',
  'binary(json)': 'binary',
};

/** Every vector with an encrypted file (the age-stanza-only vector is listed separately); none without the vectors. */
export function loadVectors(): Vector[] {
  if (!haveVectors) return [];
  return readdirSync(vectorsDir)
    .sort()
    .flatMap((name) => {
      const dir = join(vectorsDir, name);
      const result = JSON.parse(readFileSync(join(dir, 'RESULT.json'), 'utf8')) as Vector['result'] & {
        file?: string;
        format?: string;
      };
      if (result.file === undefined || result.format === undefined) return [];
      const format = FORMAT[result.format];
      if (format === undefined) throw new Error(`${name}: unknown format ${result.format}`);
      const text = readFileSync(join(dir, result.file), 'utf8');
      return [
        {
          name,
          dir,
          file: join(dir, result.file),
          text,
          format,
          result,
          keys: readFileSync(join(dir, 'keys.txt'), 'utf8'),
        },
      ];
    });
}

export async function identitiesOf(v: { keys: string; name: string }): Promise<AgeIdentity[]> {
  return parseIdentities(v.keys, `${v.name}/keys.txt`);
}
