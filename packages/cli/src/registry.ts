import type { Command } from './command.js';

/**
 * Every command, loaded lazily: a command's dependencies (AWS SDK, crypto,
 * ajv …) are imported only when that command runs, which keeps start-up close
 * to a bare `node` start.
 */
export type Registry = Readonly<Record<string, { summary: string; load: () => Promise<Command> }>>;

export const registry: Registry = {
  alerts: {
    summary: 'Sync on-call alerts (GitHub issues, incident events) with the secrets',
    load: async () => (await import('./commands/alerts.js')).alertsCommand,
  },
  audit: {
    summary: 'Verify the hash chain of audit logs (audit verify FILE...)',
    load: async () => (await import('./commands/audit.js')).auditCommand,
  },
  codeowners: {
    summary: 'Write .github/CODEOWNERS from manifest owners (--check: verify)',
    load: async () => (await import('./commands/codeowners.js')).codeownersCommand,
  },
  check: {
    summary: 'Validate secret manifests (schema and policies)',
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  drift: {
    summary: 'Compare manifests with Secrets Manager, the SOPS store and the audit trail (read-only)',
    load: async () => (await import('./commands/drift.js')).driftCommand,
  },
  docs: {
    summary: 'Generate the secrets reference and the generated sections of docs/architecture (--check: verify)',
    load: async () => (await import('./commands/docs.js')).docsCommand,
  },
  plan: {
    summary: 'Show which secrets are due, expiring or in progress, and what rotate will do',
    load: async () => (await import('./commands/plan.js')).planCommand,
  },
  report: {
    summary: 'Compliance report per secret: age, rotations, overdue days, waivers, alerts (markdown, csv, json, html)',
    load: async () => (await import('./commands/report.js')).reportCommand,
  },
  smoke: {
    summary: 'Smoke test: rotate the canary end to end while a secret client watches it (--env local|staging)',
    load: async () => (await import('./commands/smoke.js')).smokeCommand,
  },
  rotate: {
    summary: 'Rotate due secrets: create → set → test → finish → retire, resumable',
    load: async () => (await import('./commands/rotate.js')).rotateCommand,
  },
  scan: {
    summary: 'Find leaked secret values in tracked, staged or changed files',
    load: async () => (await import('./commands/scan.js')).scanCommand,
  },
  serve: {
    summary: 'Run a local AWS Secrets Manager or GitHub API for tests and local runs',
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
  sops: {
    summary: 'Decrypt, encrypt, set, updatekeys and rotate SOPS/age files (sops-compatible)',
    load: async () => (await import('./commands/sops.js')).sopsCommand,
  },
  start: {
    summary: 'Run the local daily job: check → plan → rotate → verify audit (embedded local default)',
    load: async () => (await import('./commands/start.js')).startCommand,
  },
};
