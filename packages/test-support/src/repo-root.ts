import { resolve } from 'node:path';

/** The repository's root directory (this file sits at packages/test-support/{src,dist}/). */
export const repoRoot = resolve(import.meta.dirname, '../../..');
