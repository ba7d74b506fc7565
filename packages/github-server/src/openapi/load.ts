import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import { OPERATION_IDS } from '../routes.js';
import { referencedComponents } from './schema.js';
import { loadGitHubSpec, specPath, type OpenApiDocument } from './spec.js';
import { OpenApiValidator } from './validator.js';

const CACHE_FORMAT = 1;
let cached: Promise<OpenApiValidator> | undefined;

/**
 * The validator of every operation this server serves, built once per process
 * (tests start many servers; each compiled schema is reused by all of them).
 */
export function servedOperationsValidator(): Promise<OpenApiValidator> {
  cached ??= servedDocument().then((doc) => new OpenApiValidator(doc, OPERATION_IDS));
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

/**
 * The description cut down to the served operations and the components they
 * reach (~1 % of the 13 MB file), cached under node_modules/.cache keyed by
 * the description file's identity and the operation list: each test worker
 * then parses a small file instead of the whole description. A cache that
 * cannot be written is only a slower start.
 */
async function servedDocument(): Promise<OpenApiDocument> {
  const path = specPath();
  const info = await stat(path);
  const key = createHash('sha256')
    .update(JSON.stringify([CACHE_FORMAT, path, info.size, info.mtimeMs, OPERATION_IDS]))
    .digest('hex')
    .slice(0, 16);
  const nodeModules = path.slice(0, path.lastIndexOf('node_modules') + 'node_modules'.length);
  const file = join(nodeModules, '.cache', 'docugen-github-server', `openapi-${key}.json`);
  const hit = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as OpenApiDocument,
    () => undefined,
  );
  if (hit) return hit;
  const slim = slimDocument(await loadGitHubSpec(), OPERATION_IDS);
  await mkdir(dirname(file), { recursive: true })
    .then(() => writeFileAtomic(file, JSON.stringify(slim)))
    .catch(() => undefined);
  return slim;
}

/** The served operations' path items and every component they reach, nothing else. */
export function slimDocument(doc: OpenApiDocument, operationIds: readonly string[]): OpenApiDocument {
  const wanted = new Set(operationIds);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const id = (op as { operationId?: unknown } | null)?.operationId;
      if (typeof id !== 'string' || !wanted.has(id)) continue;
      paths[path] ??= item['parameters'] === undefined ? {} : { parameters: item['parameters'] };
      paths[path][method] = op;
    }
  }
  const components: Record<string, Record<string, unknown>> = {};
  const roots = [paths, { $ref: '#/components/schemas/basic-error' }];
  for (const key of referencedComponents(roots, doc.components)) {
    const [kind = '', name = ''] = key.split('/');
    (components[kind] ??= {})[name] = doc.components[kind]?.[name];
  }
  return { paths, components };
}
