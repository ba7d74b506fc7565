import { extname } from 'node:path';
import { sopsError } from '../errors.js';
import { entry, getEntry, mapOf, type Entry, type MapNode } from '../tree.js';
import { emitDotenv, flattenMetadata, parseDotenv, unflattenMetadata } from './dotenv.js';
import { emitJson, parseJson } from './json.js';
import { emitYaml } from './yaml-emit.js';
import { parseYaml } from './yaml-parse.js';

/** The file formats (sops calls them stores) supported here (sops' INI store is not). Binary files are stored as sops JSON. */
export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'binary';

export const FORMATS: readonly SopsFormat[] = ['yaml', 'json', 'dotenv', 'binary'];

/** sops' choice by extension: .yaml/.yml, .json, .env, anything else binary. */
export function formatFromPath(path: string): SopsFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.env') return 'dotenv';
  return 'binary';
}

/** Output layout: YAML indent step, JSON indent and final newline. Detected from a file to rewrite it without churn. */
export interface Layout {
  readonly yamlIndent: number;
  readonly jsonIndent: string;
  readonly finalNewline: boolean;
}

export const DEFAULT_LAYOUT: Layout = { yamlIndent: 4, jsonIndent: '\t', finalNewline: true };

/** Detects the layout of an existing file (indent step, JSON indent, trailing newline). */
export function detectLayout(text: string, format: SopsFormat): Layout {
  if (format === 'yaml') {
    const m = /^( +)[^ #\n]/m.exec(text);
    const n = m?.[1]?.length ?? 4;
    return { ...DEFAULT_LAYOUT, yamlIndent: n >= 2 && n <= 9 ? n : 4 };
  }
  if (format === 'json' || format === 'binary') {
    const m = /^([\t ]+)\S/m.exec(text);
    return { yamlIndent: 4, jsonIndent: m?.[1] ?? '\t', finalNewline: text.endsWith('\n') };
  }
  return DEFAULT_LAYOUT;
}

/** Parses a file of a format into documents (the encrypted form of a binary file is JSON). */
export function parseDocuments(text: string, format: SopsFormat, file?: string): MapNode[] {
  switch (format) {
    case 'yaml':
      return parseYaml(text, file);
    case 'json':
    case 'binary':
      return [parseJson(text, file)];
    case 'dotenv':
      return [parseDotenv(text, file)];
  }
}

/** Emits documents in a format's layout. */
export function emitDocuments(
  docs: readonly MapNode[],
  format: SopsFormat,
  layout: Layout = DEFAULT_LAYOUT,
  file?: string,
): string {
  const first = docs[0] ?? mapOf([]);
  switch (format) {
    case 'yaml':
      return emitYaml(docs, layout.yamlIndent);
    case 'json':
    case 'binary':
      return emitJson(first, layout.jsonIndent, layout.finalNewline, file);
    case 'dotenv':
      return emitDotenv(first, file);
  }
}

const isEntry = (i: MapNode['items'][number]): i is Entry => i.kind === 'entry';

/** Separates the `sops` metadata from the data (first YAML document's; flattened `sops_…` keys for dotenv). */
export function splitMetadata(
  docs: readonly MapNode[],
  format: SopsFormat,
  file?: string,
): { data: MapNode[]; meta: MapNode | undefined } {
  if (format === 'dotenv') {
    const doc = docs[0] ?? mapOf([]);
    const meta = doc.items
      .filter((i): i is Entry => isEntry(i) && i.key.startsWith('sops_'))
      .map((e) => entry(e.key.slice(5), e.value));
    const data = mapOf(doc.items.filter((i) => !(isEntry(i) && i.key.startsWith('sops_'))));
    return { data: [data], meta: meta.length === 0 ? undefined : unflattenMetadata(meta) };
  }
  const first = docs[0];
  const meta = first ? getEntry(first, 'sops') : undefined;
  if (meta !== undefined && meta.kind !== 'map')
    throw sopsError('SOPS_MALFORMED_METADATA', 'the "sops" key must hold a map', { file });
  const data = docs.map((d) => mapOf(d.items.filter((i) => !(isEntry(i) && i.key === 'sops'))));
  return { data, meta };
}

/** Whether a top-level data key is where sops keeps its metadata: `sops`, or any `sops_…` key in dotenv. */
export function isReservedKey(key: string, format: SopsFormat): boolean {
  return format === 'dotenv' ? key.startsWith('sops_') : key === 'sops';
}

/**
 * Appends the metadata to every document (or as flattened `sops_…` keys for
 * dotenv). Data holding a reserved key is refused: it would give a second
 * `sops` key (or clash with the flattened metadata) that no reader accepts.
 */
export function attachMetadata(data: readonly MapNode[], meta: MapNode, format: SopsFormat, file?: string): MapNode[] {
  const clash = data.flatMap((d) => d.items).find((i): i is Entry => isEntry(i) && isReservedKey(i.key, format));
  if (clash)
    throw sopsError(
      'SOPS_RESERVED_KEY',
      `the data holds the key "${clash.key}", where sops keeps its metadata; rename it`,
      { file, path: `["${clash.key}"]` },
    );
  if (format === 'dotenv') return [mapOf([...(data[0]?.items ?? []), ...flattenMetadata(meta)])];
  return data.map((d) => mapOf([...d.items, entry('sops', meta)]));
}
