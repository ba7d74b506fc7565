/**
 * Stable codes for everything the manifest loader reports. Tests and tools
 * match on these; messages may change.
 */
export type ManifestErrorCode =
  | 'MANIFEST_PATH_NOT_FOUND'
  | 'MANIFEST_READ_ERROR'
  | 'MANIFEST_TOO_LARGE'
  | 'MANIFEST_NOT_TEXT'
  | 'MANIFEST_EMPTY'
  | 'MANIFEST_YAML_SYNTAX'
  | 'MANIFEST_TAB_INDENT'
  | 'MANIFEST_DUPLICATE_KEY'
  | 'MANIFEST_MULTI_DOCUMENT'
  | 'MANIFEST_ALIAS'
  | 'MANIFEST_FORBIDDEN_KEY'
  | 'MANIFEST_NOT_A_MAPPING'
  | 'MANIFEST_MISSING_FIELD'
  | 'MANIFEST_UNKNOWN_FIELD'
  | 'MANIFEST_WRONG_TYPE'
  | 'MANIFEST_INVALID_VALUE'
  | 'MANIFEST_INVALID_KIND'
  | 'MANIFEST_ID_MISMATCH'
  | 'MANIFEST_SCHEMA_LINE'
  | 'MANIFEST_TOO_MANY_FINDINGS'
  | 'MANIFEST_TOO_DEEP';

/** Schema findings reported per file; the rest are counted in one `MANIFEST_TOO_MANY_FINDINGS` finding. */
export const MAX_FINDINGS_PER_FILE = 100;

/** Deepest flow nesting (`[[[…]]]`, `{a: {b: …}}`) parsed; deeper input is reported, never recursed into. */
export const MAX_NESTING_DEPTH = 100;

/** Largest manifest accepted; real ones are a few KiB. Bigger input is refused before parsing. */
export const MAX_MANIFEST_BYTES = 256 * 1024;

/** The first line every manifest starts with, so editors complete and check it. */
export const SCHEMA_LINE_PREFIX = '# yaml-language-server: $schema=';
