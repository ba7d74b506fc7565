#!/usr/bin/env node
// Committed, executable shim so `npx docugen-secrets` works right after `npm ci`
// (which builds dist/ in its prepare step, after bins are linked).
await import('../dist/bin.js');
