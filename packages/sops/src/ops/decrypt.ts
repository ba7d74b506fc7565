import { readFile } from 'node:fs/promises';
import { sopsError } from '../errors.js';
import type { SopsMetadata } from '../metadata.js';
import { emitDocuments, formatFromPath, type Layout, type SopsFormat } from '../formats/index.js';
import { formatPath, getEntry, mapOf, toPlain, type MapNode, type Node, type PathStep } from '../tree.js';
import { openFile, type OpenOptions } from './open.js';

/** A decrypted file: the plaintext documents (metadata removed) and the file's metadata. */
export interface DecryptResult {
  readonly format: SopsFormat;
  /** One map per document (YAML may hold several). Ordered, typed, comments kept. */
  readonly documents: readonly MapNode[];
  readonly metadata: SopsMetadata;
  readonly layout: Layout;
}

/**
 * Decrypts sops file text with age identities, verifying every value's GCM
 * tag and the MAC. Throws a SopsError (never returns partial plaintext).
 */
export async function decryptText(text: string, opts: OpenOptions): Promise<DecryptResult> {
  const f = await openFile(text, { ...opts, keepIvs: false });
  return { format: f.format, documents: f.plain, metadata: f.metadata, layout: f.layout };
}

/** Reads and decrypts a file; the format defaults to sops' choice by extension. */
export async function decryptFile(
  path: string,
  opts: Omit<OpenOptions, 'format' | 'file'> & { readonly format?: SopsFormat },
): Promise<DecryptResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw sopsError('SOPS_PARSE_ERROR', `cannot read ${path}`, { file: path }, err);
  }
  return decryptText(text, { ...opts, format: opts.format ?? formatFromPath(path), file: path });
}

/** The first document as plain JS (maps → objects). Convenient for callers that only read values. */
export function plainValue(result: DecryptResult): Record<string, unknown> {
  return toPlain(result.documents[0] ?? mapOf([])) as Record<string, unknown>;
}

/** Follows a key path (`["a"][0]`) in a document; throws SOPS_PATH_NOT_FOUND. */
export function getAt(doc: Node, path: readonly PathStep[], file?: string): Node {
  let node: Node = doc;
  path.forEach((step, i) => {
    let next: Node | undefined;
    if (typeof step === 'number' && node.kind === 'seq')
      next = node.items.filter((x): x is Node => x.kind !== 'comment')[step];
    else if (typeof step === 'string' && node.kind === 'map') next = getEntry(node, step);
    if (next === undefined)
      throw sopsError('SOPS_PATH_NOT_FOUND', 'no such key in the document', {
        file,
        path: formatPath(path.slice(0, i + 1)),
      });
    node = next;
  });
  return node;
}

/**
 * Renders plaintext in an output format, as `sops decrypt` prints it. With
 * `extract`, a scalar is printed raw (no newline added) and a subtree in the
 * output format. Binary output is the `data` value's bytes.
 */
export function emitPlaintext(
  result: DecryptResult,
  outputFormat: SopsFormat,
  opts: { extract?: readonly PathStep[]; layout?: Layout; file?: string } = {},
): string | Uint8Array {
  const layout = opts.layout ?? result.layout;
  if (opts.extract !== undefined) {
    const node = getAt(result.documents[0] ?? mapOf([]), opts.extract, opts.file);
    if (node.kind === 'map')
      return emitDocuments([node], outputFormat === 'binary' ? 'json' : outputFormat, layout, opts.file);
    return rawScalar(node, outputFormat, layout, opts.file);
  }
  if (outputFormat === 'binary') {
    const data = getAt(result.documents[0] ?? mapOf([]), ['data'], opts.file);
    if (data.kind === 'bytes') return data.value;
    if (data.kind === 'str') return data.value;
    throw sopsError('SOPS_UNSUPPORTED', 'binary output needs a "data" string', { file: opts.file });
  }
  if (outputFormat !== 'yaml' && result.documents.length > 1) {
    throw sopsError('SOPS_UNSUPPORTED', `a multi-document file cannot be written as ${outputFormat}`, {
      file: opts.file,
    });
  }
  return emitDocuments(result.documents, outputFormat, layout, opts.file);
}

function rawScalar(node: Node, outputFormat: SopsFormat, layout: Layout, file?: string): string | Uint8Array {
  switch (node.kind) {
    case 'str':
    case 'time':
      return node.value;
    case 'bytes':
      return node.value;
    case 'int':
      return node.value.toString();
    case 'float':
    case 'bool':
      return String(node.value);
    case 'null':
      return 'null';
    case 'map':
    case 'seq':
      return emitDocuments(
        [mapOf([{ kind: 'entry', key: 'value', value: node }])],
        outputFormat === 'binary' ? 'json' : outputFormat,
        layout,
        file,
      );
  }
}
