#!/usr/bin/env node
// Committed, executable shim so `npx docugen-secrets` works right after `npm ci`
// (which builds and bundles the CLI in its prepare step, after bins are linked).
await import('../dist/bundle/docugen-secrets.mjs');
