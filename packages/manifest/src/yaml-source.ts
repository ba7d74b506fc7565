import { LineCounter, parseDocument, isAlias, isPair, isScalar, visit, type Document } from 'yaml';
import type { Finding, Position } from '@docugen-secrets/core';
import type { ManifestErrorCode } from './codes.js';

/** A parsed YAML file with what is needed to point at any node in it. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

export function positionAt(lc: LineCounter, offset: number): Position {
  const { line, col } = lc.linePos(offset);
  return { line, col };
}

function finding(file: string, code: ManifestErrorCode, message: string, lc: LineCounter, range: readonly [number, number, ...number[]]): Finding {
  return { ruleId: code, severity: 'error', message, file, start: positionAt(lc, range[0]), end: positionAt(lc, Math.max(range[1], range[0])) };
}

/** The yaml library's error codes we give codes of our own; the rest are syntax errors. */
const YAML_CODES: Readonly<Record<string, ManifestErrorCode>> = {
  DUPLICATE_KEY: 'MANIFEST_DUPLICATE_KEY',
  TAB_AS_INDENT: 'MANIFEST_TAB_INDENT',
  MULTIPLE_DOCS: 'MANIFEST_MULTI_DOCUMENT',
};

/** Keys that would reach an object's prototype machinery in some consumer; refused outright. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses one YAML manifest keeping positions. YAML 1.2 core schema, unique
 * keys, no aliases (alias bombs and shared structure have no place in a
 * manifest), no prototype-ish keys. Returns every problem found.
 */
export function parseYamlSource(file: string, text: string): { source: YamlSource; findings: Finding[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  const findings: Finding[] = doc.errors.map((e) => {
    const code = YAML_CODES[e.code] ?? 'MANIFEST_YAML_SYNTAX';
    return finding(file, code, yamlMessage(code, e.message), lineCounter, e.pos);
  });
  // Cheap prefilter: only walk the tree when an alias or a forbidden key could be present.
  if (/[*&]|__proto__|constructor|prototype/.test(text)) findings.push(...structuralFindings(file, doc, lineCounter));
  return { source: { file, text, doc, lineCounter }, findings };
}

function yamlMessage(code: ManifestErrorCode, raw: string): string {
  const first = raw.split('\n')[0] ?? raw;
  switch (code) {
    case 'MANIFEST_DUPLICATE_KEY':
      return 'duplicate key: each key may appear once in a mapping';
    case 'MANIFEST_TAB_INDENT':
      return 'tab used for indentation: YAML indents with spaces only';
    case 'MANIFEST_MULTI_DOCUMENT':
      return 'more than one YAML document: a manifest holds exactly one';
    default:
      return `YAML syntax error: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
  }
}

function structuralFindings(file: string, doc: Document.Parsed, lc: LineCounter): Finding[] {
  const out: Finding[] = [];
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) out.push(finding(file, 'MANIFEST_ALIAS', `alias *${node.source} is not allowed: write the value out`, lc, node.range));
      return visit.SKIP;
    },
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return undefined;
      const key = String(pair.key.value);
      if (FORBIDDEN_KEYS.has(key) && pair.key.range) out.push(finding(file, 'MANIFEST_FORBIDDEN_KEY', `key "${key}" is not allowed`, lc, pair.key.range));
      return undefined;
    },
  });
  return out;
}
