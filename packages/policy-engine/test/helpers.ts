import type { Finding } from '@docugen-secrets/core';
import { loadManifestText, type LoadedManifest } from '@docugen-secrets/manifest';
import { buildReport, type PolicyReport } from '../src/index.js';
import type { ReportedFinding } from '../src/index.js';

import { repoRoot } from '@docugen-secrets/test-support';

export { repoRoot };

export const SCHEMA_LINE = '# yaml-language-server: $schema=../schema.json';

/** A small valid manifest; `over` replaces top-level YAML lines by key. */
export function manifestText(id: string, over: Record<string, string> = {}): string {
  const parts: Record<string, string> = {
    apiVersion: 'apiVersion: docugen.io/secrets/v1',
    id: `id: ${id}`,
    description: 'description: A test secret for the engine tests.',
    environment: 'environment: production',
    owner: 'owner:\n  team: platform\n  handles: ["@ana"]',
    oncall: 'oncall:\n  team: "@docugen/platform-oncall"',
    classification: 'classification: high',
    consumers: 'consumers:\n  - service: api\n    reload:\n      kind: live-client\n      refreshInterval: PT5M',
    backend: `backend:\n  kind: aws-secrets-manager\n  name: production/test/${id}\n  region: eu-west-1`,
    rotation:
      'rotation:\n  kind: random-secret\n  strategy: alternating\n  length: 32\n  charset: hex\n  cadence: P30D\n  overlap: P1D',
    expiry: 'expiry:\n  maxAge: P45D\n  warnBefore: [P7D]',
    runbook: 'runbook: docs/runbooks/test.md',
    ...over,
  };
  return `${SCHEMA_LINE}\n${Object.values(parts).join('\n')}\n`;
}

export function loaded(id: string, over: Record<string, string> = {}): LoadedManifest {
  return loadManifestText(`${id}.yaml`, manifestText(id, over));
}

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'XX001',
    severity: 'error',
    message: 'something is wrong',
    file: 'a.yaml',
    start: { line: 2, col: 3 },
    end: { line: 2, col: 9 },
    ...over,
  };
}

export function report(findings: readonly ReportedFinding[]): PolicyReport {
  return buildReport({ files: 1, valid: 1, findings, failOn: 'error' });
}
