import { isMap } from 'yaml';
import type { LoadedManifest, YamlSource } from '@docugen-secrets/manifest';

/**
 * The little a cross-manifest rule needs to know about a manifest. Every
 * field is optional: facts are taken from any file whose YAML parsed (also a
 * schema-invalid one), so a duplicate id is caught even next to a broken file.
 */
export interface ManifestFacts {
  readonly file: string;
  readonly id?: string;
  readonly ownerTeam?: string;
  readonly backend?: BackendFacts;
}

export interface BackendFacts {
  readonly kind?: string;
  readonly name?: string;
  readonly region?: string;
  readonly path?: string;
}

const BACKEND_KEYS = ['kind', 'name', 'region', 'path'] as const;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Facts from parsed data (a manifest or anything `toJS` gave). */
export function factsFromData(file: string, data: unknown): ManifestFacts {
  const top = record(data);
  if (!top) return { file };
  const id = str(top['id']);
  const ownerTeam = str(record(top['owner'])?.['team']);
  const b = record(top['backend']);
  const backend: Record<string, string> = {};
  for (const k of BACKEND_KEYS) {
    const v = str(b?.[k]);
    if (v !== undefined) backend[k] = v;
  }
  return {
    file,
    ...(id === undefined ? {} : { id }),
    ...(ownerTeam === undefined ? {} : { ownerTeam }),
    ...(b === undefined ? {} : { backend }),
  };
}

/** Facts from a parsed YAML source, whatever its validity. */
export function factsFromSource(source: YamlSource): ManifestFacts {
  if (!isMap(source.doc.contents)) return { file: source.file };
  try {
    return factsFromData(source.file, source.doc.toJS({ maxAliasCount: 0 }));
  } catch {
    return { file: source.file };
  }
}

/** Facts of a fully loaded manifest: from the typed manifest when valid, else from its YAML. */
export function factsOf(loaded: LoadedManifest): ManifestFacts {
  if (loaded.manifest) return factsFromData(loaded.file, loaded.manifest);
  return loaded.source ? factsFromSource(loaded.source) : { file: loaded.file };
}
