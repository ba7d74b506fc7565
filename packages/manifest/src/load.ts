import { isMap } from 'yaml';
import type { Finding } from '@docugen-secrets/core';
import { MAX_MANIFEST_BYTES, SCHEMA_LINE_PREFIX, type ManifestErrorCode } from './codes.js';
import { locate } from './locate.js';
import { schemaFindings } from './schema-errors.js';
import type { SecretManifest } from './types.js';
import { validateManifestData } from './validate.js';
import { readPlainYaml } from './plain-yaml.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** One manifest file after loading: the typed manifest when valid, and every finding. */
export interface LoadedManifest {
  readonly file: string;
  /** The file's text, when it was read and decoded. */
  readonly text?: string;
  /**
   * Present when the file was read; lets rules point at any node. Built on first
   * use for a file without findings: the load parses once and drops its YAML
   * document, so loading 10,000 manifests keeps texts and data, not documents.
   */
  readonly source?: YamlSource;
  /** Present only when the file passed the schema. */
  readonly manifest?: SecretManifest;
  readonly findings: readonly Finding[];
}

function fileFinding(file: string, code: ManifestErrorCode, message: string, line = 1, col = 1): Finding {
  return { ruleId: code, severity: 'error', message, file, start: { line, col }, end: { line, col } };
}

/** YAML problems after which the tree is still meaningful enough to validate. */
const RECOVERABLE = new Set<string>(['MANIFEST_DUPLICATE_KEY', 'MANIFEST_FORBIDDEN_KEY']);

const decoder = new TextDecoder('utf-8', { fatal: true });

export function tooLarge(file: string, size: number): Finding {
  return fileFinding(
    file,
    'MANIFEST_TOO_LARGE',
    `file is ${size} bytes; manifests are limited to ${MAX_MANIFEST_BYTES} bytes`,
  );
}

/** Rejects bytes that are not a small UTF-8 text file, before any parsing. */
export function checkBytes(file: string, bytes: Uint8Array): Finding | string {
  if (bytes.byteLength > MAX_MANIFEST_BYTES) return tooLarge(file, bytes.byteLength);
  const nul = bytes.indexOf(0);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return fileFinding(file, 'MANIFEST_NOT_TEXT', 'file is not UTF-8 text (binary content?)');
  }
  if (nul !== -1) {
    const before = text.slice(0, text.indexOf('\0'));
    const line = before.split('\n').length;
    return fileFinding(
      file,
      'MANIFEST_NOT_TEXT',
      'file contains NUL bytes (binary content?)',
      line,
      before.length - before.lastIndexOf('\n'),
    );
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `dir/google-places-api-key.yaml` → `google-places-api-key`. */
export function idFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.ya?ml$/i, '');
}

/**
 * Loads one manifest from its text: parse with positions, refuse unsafe YAML,
 * validate against the schema, check the id matches the file name. Pure: the
 * caller reads the file. Collects every problem; never throws on bad input.
 */
export function loadManifestText(file: string, text: string): LoadedManifest {
  if (!/^[ \t]*[^#\s]/m.test(text)) {
    return {
      file,
      text,
      findings: [
        fileFinding(file, 'MANIFEST_EMPTY', 'file is empty: a manifest needs at least apiVersion, id and owner'),
      ],
    };
  }
  return quickLoad(file, text) ?? fullLoad(file, text);
}

/**
 * The common case without building a YAML document: the plain reader gives
 * the data, the schema passes and the id matches; positions are not needed, so
 * the document is built only if a rule later asks for one. Anything else
 * (undefined) takes the full load, which finds and positions every problem.
 */
function quickLoad(file: string, text: string): LoadedManifest | undefined {
  const data = readPlainYaml(text);
  if (data === undefined) return undefined;
  const result = validateManifestData(data);
  if (!result.ok || result.manifest.id !== idFromFileName(file)) return undefined;
  return validLoaded(file, text, result.manifest, schemaLineFindings(file, text));
}

function fullLoad(file: string, text: string): LoadedManifest {
  const { source, findings } = parseYamlSource(file, text);
  if (findings.some((f) => !RECOVERABLE.has(f.ruleId))) return { file, text, source, findings };
  if (!isMap(source.doc.contents)) {
    const at = locate(source, []);
    const notMap = fileFinding(
      file,
      'MANIFEST_NOT_A_MAPPING',
      'top level must be a mapping of fields (key: value), not a list or a scalar',
    );
    return { file, text, source, findings: [...findings, { ...notMap, start: at.start, end: at.end }] };
  }
  const data: unknown = source.doc.toJS({ maxAliasCount: 0 });
  const result = validateManifestData(data);
  const all = [...findings, ...schemaLineFindings(file, text)];
  if (!result.ok) return { file, text, source, findings: [...all, ...schemaFindings(source, data, result.errors)] };
  const idFinding = idMismatch(source, result.manifest);
  if (idFinding) all.push(idFinding);
  if (all.some((f) => f.severity === 'error')) return { file, text, source, findings: all };
  return validLoaded(file, text, result.manifest, all, source);
}

/** A valid manifest; `source` is the parsed document when given, else the text parsed again on first use. */
function validLoaded(
  file: string,
  text: string,
  manifest: SecretManifest,
  findings: readonly Finding[],
  parsed?: YamlSource,
): LoadedManifest {
  let source = parsed;
  return {
    file,
    text,
    manifest,
    findings,
    get source(): YamlSource {
      source ??= parseYamlSource(file, text).source;
      return source;
    },
  };
}

/**
 * The same manifest without its YAML document, for callers that keep many
 * loaded manifests: a valid manifest's findings are positioned already, so
 * its `source` is only re-parsed if something asks for it. Others (with
 * errors, which are few) keep theirs.
 */
export function withoutDocument(loaded: LoadedManifest): LoadedManifest {
  const { file, text, manifest, findings } = loaded;
  return manifest && text !== undefined ? validLoaded(file, text, manifest, findings) : loaded;
}

function schemaLineFindings(file: string, text: string): Finding[] {
  if (text.startsWith(SCHEMA_LINE_PREFIX)) return [];
  return [
    {
      ...fileFinding(
        file,
        'MANIFEST_SCHEMA_LINE',
        `first line should be "${SCHEMA_LINE_PREFIX}<path to secret-manifest.v1.schema.json>" so editors complete and check the file`,
      ),
      severity: 'warning',
    },
  ];
}

function idMismatch(source: YamlSource, manifest: SecretManifest): Finding | undefined {
  const expected = idFromFileName(source.file);
  if (manifest.id === expected) return undefined;
  const at = locate(source, ['id']);
  return {
    ...fileFinding(
      source.file,
      'MANIFEST_ID_MISMATCH',
      `id "${manifest.id}" does not match the file name (expected "${expected}")`,
    ),
    start: at.start,
    end: at.end,
    path: '/id',
  };
}
