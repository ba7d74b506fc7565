import { terminalSafeJson, type Severity } from '@docugen-secrets/core';
import type { PolicyReport, ReportNotification } from '../report.js';
import type { ReportedFinding } from '../waivers.js';
import { descriptorFor, type RuleDescriptor } from './descriptor.js';

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri?: string;
}

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  note: 'note',
};

/** A repository-relative path as a SARIF relative URI reference (each segment percent-encoded). */
export function sarifUri(file: string): string {
  return file
    .replace(/^\.\//, '')
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function sarifRule(d: RuleDescriptor): Record<string, unknown> {
  return {
    id: d.id,
    ...(d.name === undefined ? {} : { name: d.name }),
    shortDescription: { text: d.title },
    ...(d.description === undefined ? {} : { fullDescription: { text: d.description } }),
    ...(d.helpUri === undefined
      ? {}
      : {
          helpUri: d.helpUri,
          help: { text: `${d.title} See ${d.helpUri}`, markdown: `${d.title} [Documentation](${d.helpUri})` },
        }),
    defaultConfiguration: { level: LEVEL[d.severity] },
    ...(d.tags === undefined ? {} : { properties: { tags: [...d.tags] } }),
  };
}

function region(f: ReportedFinding): Record<string, number> {
  const r: Record<string, number> = { startLine: f.start.line, startColumn: f.start.col };
  // SARIF endColumn is exclusive; a zero-width finding keeps only its start.
  if (f.end.line > f.start.line || (f.end.line === f.start.line && f.end.col > f.start.col)) {
    r['endLine'] = f.end.line;
    r['endColumn'] = f.end.col;
  }
  return r;
}

function result(f: ReportedFinding, index: number): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    ruleIndex: index,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      { physicalLocation: { artifactLocation: { uri: sarifUri(f.file), uriBaseId: '%SRCROOT%' }, region: region(f) } },
    ],
    ...(f.waiver
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${f.waiver.reason} (owner ${f.waiver.owner}, until ${f.waiver.expires})`,
            },
          ],
        }
      : {}),
    ...(f.partialFingerprints === undefined ? {} : { partialFingerprints: { ...f.partialFingerprints } }),
    ...properties(f),
  };
}

function properties(f: ReportedFinding): { properties?: Record<string, string> } {
  const props = { ...f.properties, ...(f.secretId === undefined ? {} : { secretId: f.secretId }) };
  return Object.keys(props).length > 0 ? { properties: props } : {};
}

function location(n: ReportNotification): Record<string, unknown>[] {
  if (n.file === undefined) return [];
  const region = n.start === undefined ? {} : { region: { startLine: n.start.line, startColumn: n.start.col } };
  return [{ physicalLocation: { artifactLocation: { uri: sarifUri(n.file), uriBaseId: '%SRCROOT%' }, ...region } }];
}

function notification(n: ReportNotification): Record<string, unknown> {
  const locations = location(n);
  return {
    level: LEVEL[n.level],
    message: { text: n.message },
    ...(n.code === undefined ? {} : { descriptor: { id: n.code } }),
    ...(locations.length > 0 ? { locations } : {}),
  };
}

/** `invocations` only when the report has notifications (policy checks have none: their SARIF is unchanged). */
function invocations(report: PolicyReport): { invocations?: Record<string, unknown>[] } {
  const notes = report.notifications ?? [];
  if (notes.length === 0) return {};
  return {
    invocations: [
      {
        executionSuccessful: !notes.some((n) => n.level === 'error'),
        toolExecutionNotifications: notes.map(notification),
      },
    ],
  };
}

/**
 * SARIF 2.1.0 that GitHub code scanning accepts: one run, every rule that
 * could fire in `tool.driver.rules` (with `helpUri` and default level), plus
 * a minimal entry for any other id that appears (schema error codes);
 * waived findings carry an accepted external suppression. A finding's
 * `partialFingerprints` and `properties` are carried over; the report's
 * notifications become tool execution notifications.
 */
export function formatSarif(report: PolicyReport, rules: readonly RuleDescriptor[], tool: SarifTool): string {
  const descriptors = [...rules];
  for (const f of report.findings)
    if (!descriptors.some((d) => d.id === f.ruleId)) descriptors.push(descriptorFor(rules, f.ruleId));
  const indexOf = new Map(descriptors.map((d, i) => [d.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            ...(tool.informationUri === undefined ? {} : { informationUri: tool.informationUri }),
            rules: descriptors.map(sarifRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: 'The repository root (paths are relative to where the check ran).' } },
        },
        results: report.findings.map((f) => result(f, indexOf.get(f.ruleId) ?? -1)),
        ...invocations(report),
      },
    ],
  };
  return `${terminalSafeJson(JSON.stringify(log, null, 2))}\n`;
}
