/**
 * The secret manifest model: JSON Schema (`schema/secret-manifest.v1.schema.json`),
 * matching TypeScript types, and a loader that parses YAML with positions and
 * reports every problem as a positioned finding with a stable code.
 */
export type * from './types.js';
export { type ManifestErrorCode, MAX_MANIFEST_BYTES } from './codes.js';
export { type YamlSource, parseYamlSource } from './yaml-source.js';
export { type Range, locate, pointerSegments } from './locate.js';
export { type LoadedManifest, loadManifestText, checkBytes } from './load.js';
export {
  type ManifestFs,
  type PathKind,
  type PathProblem,
  type LoadResult,
  nodeFs,
  loadManifests,
  listManifestFiles,
  loadManifestFile,
  displayPath,
  describePathProblems,
} from './files.js';
export { validateManifestData } from './validate.js';
export { pickupTime } from './consumers.js';
