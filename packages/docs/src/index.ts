export { renderSecretsReference } from './render.js';
export { type DocsErrorCode, readSection, replaceSection } from './sections.js';
export { type WorkspacePackage, renderPackageGraph } from './architecture.js';
export {
  type BenchMachine,
  type BenchRun,
  benchFigureProblems,
  parseBenchFigures,
  renderBenchFigures,
  renderCadenceLimits,
} from './figures.js';
