import { DocugenError } from '@docugen-secrets/core';

/** DOCS_SECTION_MISSING: a hand-written page lost the markers of a generated section. */
export type DocsErrorCode = 'DOCS_SECTION_MISSING';

const begin = (name: string): RegExp => new RegExp(`<!-- generated:${name}:begin[^>]*-->\\n`);
const end = (name: string): string => `<!-- generated:${name}:end -->`;

/**
 * The body of a generated section of a hand-written page: the text between
 * `<!-- generated:NAME:begin … -->` and `<!-- generated:NAME:end -->`.
 * Undefined when the page has no such section.
 */
export function readSection(text: string, name: string): string | undefined {
  const b = begin(name).exec(text);
  if (!b) return undefined;
  const from = b.index + b[0].length;
  const to = text.indexOf(end(name), from);
  return to < 0 ? undefined : text.slice(from, to);
}

/**
 * Replaces a generated section's body, keeping everything around it (the
 * hand-written prose and the markers). Generated parts of a page are data
 * from the repository — the package graph, policy numbers, benchmark
 * figures — so they cannot drift from it; `docs --check` compares them.
 */
export function replaceSection(text: string, name: string, body: string, file: string): string {
  const b = begin(name).exec(text);
  const to = b ? text.indexOf(end(name), b.index + b[0].length) : -1;
  if (!b || to < 0) {
    throw new DocugenError<DocsErrorCode>(
      'DOCS_SECTION_MISSING',
      `${file}: the generated section "${name}" is missing; restore its markers <!-- generated:${name}:begin --> and ${end(name)}`,
      { details: { file, section: name } },
    );
  }
  const normalised = body.endsWith('\n') ? body : `${body}\n`;
  return `${text.slice(0, b.index + b[0].length)}${normalised}${text.slice(to)}`;
}
