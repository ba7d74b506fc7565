import { parseYamlSource } from '@docugen-secrets/manifest';
import { factsFromData, factsFromSource, type ManifestFacts } from './facts.js';

/**
 * Reads a manifest's facts (id, owner.team, backend target) without building
 * a YAML document: a line scanner for the plain block style manifests use,
 * far cheaper than a full parse. It gives up (undefined) on anything it is not
 * sure about — flow collections it cannot see the end of, quotes it cannot
 * close on the line, anchors, tags, tabs, duplicate keys, multi-line values,
 * values YAML would not read as a string — and `scanFacts` then falls back to
 * the real parser. Tests check the two agree on every fixture and on
 * generated variants.
 */
export function scanFactsFast(file: string, text: string): ManifestFacts | undefined {
  if (/[\t\r]/.test(text)) return undefined;
  const scanner = new LineScanner();
  for (const line of text.split('\n')) {
    if (!scanner.line(line)) return undefined;
  }
  return factsFromData(file, scanner.result());
}

/** Facts of a manifest that is not fully checked: the fast scanner, else a real parse (same answer, slower). */
export function scanFacts(file: string, text: string): ManifestFacts {
  return scanFactsFast(file, text) ?? factsFromSource(parseYamlSource(file, text).source);
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
const PLAIN = /^[A-Za-z](?:[A-Za-z0-9._/=+@:-]*[A-Za-z0-9._/=+@-])?$/;
const NOT_STRINGS = new Set(['true', 'false', 'True', 'False', 'TRUE', 'FALSE', 'null', 'Null', 'NULL']);
const TRACKED: Readonly<Record<string, readonly string[]>> = {
  owner: ['team'],
  backend: ['kind', 'name', 'region', 'path'],
};

/** A one-line scalar as YAML's core schema reads it, or undefined when unsure. */
export function lineScalar(rest: string): string | undefined {
  const dq = /^"([^"\\]*)"(?:\s+#.*)?\s*$/.exec(rest);
  if (dq) return dq[1];
  const sq = /^'([^']*)'(?:\s+#.*)?\s*$/.exec(rest);
  if (sq) return sq[1];
  const plain = rest.replace(/\s+#.*$/, '').trimEnd();
  return PLAIN.test(plain) && !NOT_STRINGS.has(plain) && !plain.includes(': ') ? plain : undefined;
}

/** True when a value we do not read could still change how the following lines parse. */
function unsafeValue(rest: string | undefined): boolean {
  if (rest === undefined) return false;
  const v = rest.trim();
  if (/^[&*!]/.test(v)) return true;
  if (v.startsWith('"')) return !/^"(?:[^"\\]|\\.)*"(?:\s+#.*)?$/.test(v);
  if (v.startsWith("'")) return !/^'(?:[^']|'')*'(?:\s+#.*)?$/.test(v);
  if (v.startsWith('[') || v.startsWith('{')) return !/[\]}]$/.test(v.replace(/\s+#[^"'\]}]*$/, ''));
  return false;
}

/** Whether an empty-valued key line has an empty value (or only a comment). */
function emptyValue(rest: string | undefined): boolean {
  return rest === undefined || rest.trim() === '' || rest.trim().startsWith('#');
}

class LineScanner {
  private readonly top = new Map<string, string | undefined>();
  private readonly nested = new Map<string, Map<string, string | undefined>>();
  private section: string | undefined;
  private childIndent: number | undefined;
  /** The previous key line read a one-line value: deeper lines would continue it. */
  private valueRead = false;
  /** The previous nested key line had no value: a `- ` list may follow at the same indent. */
  private listMayFollow = false;

  /** Consumes one line; false means "not sure, use the parser". */
  line(line: string): boolean {
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) return true;
    const indent = line.length - body.length;
    return indent === 0 ? this.topLine(line) : this.innerLine(body, indent);
  }

  private topLine(line: string): boolean {
    const m = KEY_LINE.exec(line);
    const key = m?.[1];
    if (key === undefined || this.top.has(key) || unsafeValue(m?.[2])) return false;
    const rest = m?.[2];
    this.section = undefined;
    this.valueRead = false;
    if (key in TRACKED) {
      if (!emptyValue(rest)) return false;
      this.section = key;
      this.childIndent = undefined;
      this.listMayFollow = false;
      this.nested.set(key, new Map());
    }
    if (key !== 'id') {
      this.top.set(key, undefined);
      return true;
    }
    const value = rest === undefined ? undefined : lineScalar(rest);
    this.top.set(key, value);
    this.valueRead = true;
    return value !== undefined;
  }

  private innerLine(body: string, indent: number): boolean {
    if (this.section === undefined) return !this.valueRead;
    this.childIndent ??= indent;
    if (indent > this.childIndent) return !this.valueRead;
    if (indent < this.childIndent) return false;
    if (body === '-' || body.startsWith('- ')) return this.listMayFollow;
    return this.nestedKey(body);
  }

  private nestedKey(body: string): boolean {
    const m = KEY_LINE.exec(body);
    const key = m?.[1];
    const map = this.section === undefined ? undefined : this.nested.get(this.section);
    if (key === undefined || !map || map.has(key) || unsafeValue(m?.[2])) return false;
    const rest = m?.[2];
    this.listMayFollow = emptyValue(rest);
    this.valueRead = false;
    if (!(TRACKED[this.section ?? ''] ?? []).includes(key)) {
      map.set(key, undefined);
      return true;
    }
    const value = rest === undefined ? undefined : lineScalar(rest);
    map.set(key, value);
    this.valueRead = true;
    return value !== undefined;
  }

  result(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const id = this.top.get('id');
    if (id !== undefined) out['id'] = id;
    for (const [section, map] of this.nested) {
      // `owner:` with nothing under it is null in YAML, not an empty mapping.
      if (map.size === 0) continue;
      const values: Record<string, string> = {};
      for (const [k, v] of map) if (v !== undefined) values[k] = v;
      out[section] = values;
    }
    return out;
  }
}
