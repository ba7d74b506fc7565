import {
  LineCounter,
  parseDocument,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { Finding, Position } from '@docugen-secrets/core';
import { MAX_NESTING_DEPTH, type ManifestErrorCode } from './codes.js';
import { flowDepthExceeded } from './nesting.js';

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

function finding(
  file: string,
  code: ManifestErrorCode,
  message: string,
  lc: LineCounter,
  range: readonly [number, number, ...number[]],
): Finding {
  return {
    ruleId: code,
    severity: 'error',
    message,
    file,
    start: positionAt(lc, range[0]),
    end: positionAt(lc, Math.max(range[1], range[0])),
  };
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
  const tooDeep = flowDepthExceeded(text, MAX_NESTING_DEPTH);
  if (tooDeep !== undefined) return unparsed(file, text, lineCounter, tooDeep);
  let doc: Document.Parsed;
  try {
    // uniqueKeys off: the parser's own check compares each key with every earlier one (quadratic: 27,135
    // keys took 90 s); duplicateKeyFindings does the same check with a set per mapping.
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, version: '1.2' });
  } catch (err) {
    // Block nesting too deep for the parser's recursion: the same finding, at the start.
    if (err instanceof RangeError) return unparsed(file, text, lineCounter, 0);
    throw err;
  }
  const findings: Finding[] = doc.errors.map((e) => {
    const code = YAML_CODES[e.code] ?? 'MANIFEST_YAML_SYNTAX';
    return finding(file, code, yamlMessage(code, e.message), lineCounter, e.pos);
  });
  // Cheap prefilter: only look for aliases and forbidden keys when the text could hold one.
  findings.push(...treeFindings(file, doc, lineCounter, /[*&]|__proto__|constructor|prototype/.test(text)));
  return { source: { file, text, doc, lineCounter }, findings };
}

/** The result for a text not parsed because it nests too deep: an empty document and one positioned finding. */
function unparsed(
  file: string,
  text: string,
  lineCounter: LineCounter,
  offset: number,
): { source: YamlSource; findings: Finding[] } {
  const doc = parseDocument('', { lineCounter: new LineCounter() });
  lineCounter.addNewLine(0);
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineCounter.addNewLine(i + 1);
  const message = `nesting deeper than ${MAX_NESTING_DEPTH} levels: a manifest nests a few levels; flatten the structure`;
  return {
    source: { file, text, doc, lineCounter },
    findings: [finding(file, 'MANIFEST_TOO_DEEP', message, lineCounter, [offset, offset])],
  };
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

/** What the tree walk reports; both in document order, duplicates first (as the findings are listed). */
interface WalkFindings {
  readonly duplicates: Finding[];
  readonly structural: Finding[];
}

/**
 * One walk over the parsed tree (no `visit`: it allocates a path per node):
 * keys that appear twice in one mapping (at the second occurrence, in linear
 * time), and with `structural`, aliases and forbidden keys.
 */
function treeFindings(file: string, doc: Document.Parsed, lc: LineCounter, structural: boolean): Finding[] {
  const out: WalkFindings = { duplicates: [], structural: [] };
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      duplicatesIn(file, node, lc, out.duplicates);
      for (const pair of node.items) walkPair(pair);
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    } else if (isPair(node)) walkPair(node);
    else if (structural && isAlias(node) && node.range)
      out.structural.push(
        finding(file, 'MANIFEST_ALIAS', `alias *${node.source} is not allowed: write the value out`, lc, node.range),
      );
  };
  const walkPair = (pair: Pair): void => {
    const key = pair.key;
    if (structural && isScalar(key) && FORBIDDEN_KEYS.has(String(key.value)) && key.range)
      out.structural.push(
        finding(file, 'MANIFEST_FORBIDDEN_KEY', `key "${String(key.value)}" is not allowed`, lc, key.range),
      );
    if (!isScalar(key)) walk(key);
    walk(pair.value);
  };
  walk(doc.contents);
  return [...out.duplicates, ...out.structural];
}

function duplicatesIn(file: string, map: YAMLMap, lc: LineCounter, out: Finding[]): void {
  const seen = new Set<string>();
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    if (seen.has(key) && pair.key.range)
      out.push(finding(file, 'MANIFEST_DUPLICATE_KEY', yamlMessage('MANIFEST_DUPLICATE_KEY', ''), lc, pair.key.range));
    seen.add(key);
  }
}
