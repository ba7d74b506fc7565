import { sopsError } from '../errors.js';
import { attachMetadata, emitDocuments, type Layout, type SopsFormat } from '../formats/index.js';
import type { MapNode, Node } from '../tree.js';
import { readEncrypted } from './open.js';

/** The key structure of a node (map keys in order, list lengths), without values: what a read-back must reproduce. */
function shape(n: Node): unknown {
  switch (n.kind) {
    case 'map':
      return n.items.flatMap((i) => (i.kind === 'entry' ? [[i.key, shape(i.value)]] : []));
    case 'seq':
      return n.items.flatMap((i) => (i.kind === 'comment' ? [] : [shape(i)]));
    default:
      return null;
  }
}

/**
 * The one way every writer (encrypt, set, updatekeys, rotate) turns encrypted
 * documents and metadata into file text: attach the metadata (refusing data
 * that holds a reserved key), emit, then read the text back with the reader's
 * own parser and metadata checks and compare its key structure with what was
 * meant. A text the reader would reject never leaves this function, so a
 * caller writes either a readable file or nothing (SOPS_WRITE_UNREADABLE).
 */
export function emitEncrypted(
  data: readonly MapNode[],
  meta: MapNode,
  format: SopsFormat,
  layout: Layout,
  file?: string,
): string {
  const text = emitDocuments(attachMetadata(data, meta, format, file), format, layout, file);
  let back: MapNode[];
  try {
    back = readEncrypted(text, format, file).data;
  } catch (err) {
    throw sopsError(
      'SOPS_WRITE_UNREADABLE',
      'the text written would not read back (a bug: please report it); nothing was written',
      { file },
      err,
    );
  }
  if (JSON.stringify(back.map(shape)) !== JSON.stringify(data.map(shape))) {
    throw sopsError(
      'SOPS_WRITE_UNREADABLE',
      'the text written reads back with other keys (a bug: please report it); nothing was written',
      { file },
    );
  }
  return text;
}
