import type { AllowlistProblem } from './allowlist.js';
import type { LeakFinding, SkippedFile } from './finding.js';
import type { LeakRule } from './rules/define.js';
import { LEAK_RULES } from './rules/index.js';
import type { ScanResult } from './scan-files.js';

export interface ReportInput {
  readonly result: ScanResult;
  /** Allowlist problems (reported as errors alongside the findings). */
  readonly problems?: readonly AllowlistProblem[];
  readonly rules?: readonly LeakRule[];
}

const TOOL = 'docugen-secrets leak-scan';
/** Skips worth telling a person about; allowlisted and default-excluded files are expected. */
const NOTABLE: ReadonlySet<SkippedFile['reason']> = new Set(['binary', 'too-large', 'unreadable']);

function findingLine(f: LeakFinding): string {
  return `${f.file}:${f.start.line}:${f.start.col}: ${f.severity} ${f.ruleId}: ${f.message} [fingerprint ${f.fingerprint}]`;
}

/** Human output: one line per finding (`file:line:col: severity rule: message`), notes for unusual skips, a summary. */
export function formatText({ result, problems = [] }: ReportInput): string {
  const lines = result.findings.map(findingLine);
  for (const p of problems) lines.push(`${p.message} [${p.code}]`);
  for (const s of result.skipped) if (NOTABLE.has(s.reason)) lines.push(`note: skipped ${s.file} (${s.reason})`);
  const n = result.findings.length;
  lines.push(
    `leak-scan: ${n === 0 ? 'no secrets found' : `${n} finding${n === 1 ? '' : 's'}`} in ${result.filesScanned} file${result.filesScanned === 1 ? '' : 's'}` +
      ` (${result.allowlisted} allowlisted, ${result.skipped.length} skipped${problems.length > 0 ? `, ${problems.length} allowlist problem${problems.length === 1 ? '' : 's'}` : ''})`,
  );
  return `${lines.join('\n')}\n`;
}

/** Machine output: findings, skips, allowlist problems and counts, as one JSON document. */
export function formatJson({ result, problems = [] }: ReportInput): string {
  const { findings, skipped, filesScanned, bytesScanned, allowlisted } = result;
  const doc = { version: 1, tool: TOOL, summary: { findings: findings.length, filesScanned, bytesScanned, allowlisted, skipped: skipped.length }, findings, skipped, problems };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function sarifRule(r: LeakRule): Record<string, unknown> {
  return {
    id: r.id,
    name: r.id.replace(/^LEAK-/, ''),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: `${r.description} Documentation: ${r.helpUri}. Source: gitleaks rule ${r.gitleaks.ruleId} (${r.gitleaks.file}).` },
    defaultConfiguration: { level: r.severity },
    properties: { tags: ['security', 'secret'], gitleaksRuleId: r.gitleaks.ruleId, helpPath: r.helpUri },
  };
}

function sarifResult(f: LeakFinding, ruleIndex: number): Record<string, unknown> {
  const region = { startLine: f.start.line, startColumn: f.start.col, endLine: f.end.line, endColumn: f.end.col };
  return {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 && { ruleIndex }),
    level: f.severity,
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region } }],
    partialFingerprints: { 'leakFingerprint/v1': f.fingerprint },
  };
}

function notifications(skipped: readonly SkippedFile[], problems: readonly AllowlistProblem[]): Record<string, unknown>[] {
  const notes = skipped
    .filter((s) => NOTABLE.has(s.reason))
    .map((s) => ({ level: 'note', message: { text: `skipped ${s.file} (${s.reason})` }, locations: [{ physicalLocation: { artifactLocation: { uri: s.file } } }] }));
  const errors = problems.map((p) => ({
    level: 'error',
    descriptor: { id: p.code },
    message: { text: p.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: p.file }, region: { startLine: p.line, startColumn: p.col } } }],
  }));
  return [...errors, ...notes];
}

/** SARIF 2.1.0 (one run, every rule in the driver, partial fingerprints from the value hash). */
export function formatSarif({ result, problems = [], rules = LEAK_RULES }: ReportInput): string {
  const ids = rules.map((r) => r.id);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL, semanticVersion: '0.1.0', rules: rules.map(sarifRule) } },
        results: result.findings.map((f) => sarifResult(f, ids.indexOf(f.ruleId))),
        invocations: [{ executionSuccessful: problems.length === 0, toolExecutionNotifications: notifications(result.skipped, problems) }],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
