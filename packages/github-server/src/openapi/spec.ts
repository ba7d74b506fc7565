import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describeError } from '@docugen-secrets/core';
import { serverError } from '../errors.js';

/** The parts of an OpenAPI 3.0 document the validator reads. */
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: Record<string, Record<string, unknown>>;
}

/**
 * GitHub's official description of api.github.com, as shipped by
 * `@octokit/openapi` (generated/api.github.com.json, the non-dereferenced
 * variant: 13 MB instead of 73 MB, and $refs let the validator compile each
 * shared schema once). A devDependency: only tests and `--validate` load it.
 */
export const SPEC_MODULE = '@octokit/openapi/generated/api.github.com.json';

let cached: Promise<OpenApiDocument> | undefined;

/** Reads and parses the description once per process. */
export function loadGitHubSpec(): Promise<OpenApiDocument> {
  cached ??= readSpec().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

/** Where the description file is installed. */
export function specPath(): string {
  try {
    return createRequire(import.meta.url).resolve(SPEC_MODULE);
  } catch (err) {
    throw serverError(
      'GH_SERVER_OPENAPI',
      `cannot find ${SPEC_MODULE}: install the devDependencies (npm ci) to validate against GitHub's OpenAPI description`,
      err,
    );
  }
}

async function readSpec(): Promise<OpenApiDocument> {
  const path = specPath();
  try {
    return JSON.parse(await readFile(path, 'utf8')) as OpenApiDocument;
  } catch (err) {
    throw serverError('GH_SERVER_OPENAPI', `cannot read ${path}: ${describeError(err)}`, err);
  }
}
