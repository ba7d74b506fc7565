import { clientError } from '../errors.js';
import type { ClientValue } from '../source.js';

/** One version entry of a store file (layout docugen-secrets/sops-store/v1, see packages/store-sops layout.ts). */
export interface FileVersion {
  readonly versionId: string;
  /** Only active versions hold a stage here; failed and retired ones are left out of it. */
  readonly stage?: 'current' | 'previous' | 'pending';
  readonly value?: ClientValue;
}

const FORMAT = 'docugen-secrets/sops-store/v1';
const STAGES = new Set(['current', 'previous', 'pending']);

function bad(id: string, file: string, why: string): Error {
  return clientError('CLIENT_BAD_VALUE', `secret "${id}": ${file} is not a docugen-secrets store file (${why})`, {
    details: { secretId: id, file },
  });
}

function valueOf(entry: Record<string, unknown>): ClientValue | undefined {
  const raw = entry['value'];
  if (typeof raw !== 'string') return undefined;
  return entry['kind'] === 'binary'
    ? { kind: 'binary', value: new Uint8Array(Buffer.from(raw, 'base64')) }
    : { kind: 'string', value: raw };
}

/**
 * The versions of a store file's document. With `decrypted` false the values
 * are still ENC[…] tokens and are not read; only ids and stages are.
 */
export function readVersions(id: string, file: string, doc: unknown, decrypted: boolean): FileVersion[] {
  const root = doc as Record<string, unknown> | null;
  if (typeof root !== 'object' || root === null) throw bad(id, file, 'not a map');
  if (root['format'] !== FORMAT) throw bad(id, file, `format is not ${FORMAT}`);
  const list = root['versions'];
  if (!Array.isArray(list)) throw bad(id, file, 'versions is not a list');
  return list.map((item, i): FileVersion => {
    const e = item as Record<string, unknown>;
    if (typeof e !== 'object' || typeof e['id'] !== 'string') throw bad(id, file, `versions[${i}] has no id`);
    const stage =
      e['status'] === 'active' && typeof e['stage'] === 'string' && STAGES.has(e['stage'])
        ? (e['stage'] as FileVersion['stage'])
        : undefined;
    const value = decrypted ? valueOf(e) : undefined;
    return { versionId: e['id'], ...(stage ? { stage } : {}), ...(value ? { value } : {}) };
  });
}
