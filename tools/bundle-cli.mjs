#!/usr/bin/env node
// Bundles the compiled CLI (packages/cli/dist/bin.js) into a few ESM files with
// esbuild. Start-up cost is dominated by resolving and reading hundreds of small
// modules (yaml alone is ~80); one bundle with code splitting keeps each command's
// dependencies in its own lazily-loaded chunk, so `check` never loads the AWS SDK.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = 'packages/cli/dist/bundle';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'docugen-secrets': 'packages/cli/dist/bin.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'linked',
  // Large SDKs stay external: they load protobuf/JSON files relative to their own
  // package folders and are only imported by the commands that talk to a cloud.
  external: ['@aws-sdk/*', '@smithy/*', '@google-cloud/*', 'google-gax', 'google-auth-library'],
  // CommonJS dependencies inside an ESM bundle still call require(): give them one.
  banner: {
    js: "import { createRequire as __dgsCreateRequire } from 'node:module'; const require = __dgsCreateRequire(import.meta.url);",
  },
});
