/**
 * The secret manifest model: JSON Schema (`schema/secret-manifest.v1.schema.json`),
 * matching TypeScript types, and a loader that parses YAML with positions and
 * reports every problem as a positioned finding with a stable code.
 */
export type * from './types.js';
export { type ManifestErrorCode, MAX_MANIFEST_BYTES, SCHEMA_LINE_PREFIX } from './codes.js';
export { type YamlSource, parseYamlSource, positionAt } from './yaml-source.js';
export { type Range, locate, locateKey, pointerSegments } from './locate.js';
export { type LoadedManifest, loadManifestText, checkBytes, idFromFileName } from './load.js';
export { type ManifestFs, type LoadResult, nodeFs, loadManifests, listManifestFiles, loadManifestFile, displayPath } from './files.js';
export { validateManifestData } from './validate.js';
