import { randomUUID } from 'node:crypto';
import type { FakeReply } from './fake-http.js';

/**
 * The AWS Query protocol's response shapes (IAM, STS): form-encoded POST in,
 * `<{Action}Response><{Action}Result>…</…><ResponseMetadata>` out, errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`.
 */
export const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An XML element tree as nested plain data: strings are text, arrays are `<member>` lists. */
export type XmlNode = string | readonly XmlNode[] | { readonly [tag: string]: XmlNode | undefined };

export function xmlOf(node: XmlNode): string {
  if (typeof node === 'string') return escapeXml(node);
  if (Array.isArray(node)) return (node as readonly XmlNode[]).map((n) => `<member>${xmlOf(n)}</member>`).join('');
  return Object.entries(node as Record<string, XmlNode | undefined>)
    .filter((e): e is [string, XmlNode] => e[1] !== undefined)
    .map(([tag, child]) => `<${tag}>${xmlOf(child)}</${tag}>`)
    .join('');
}

/** A successful Query response, with a `<{action}Result>` only when `result` is given. */
export function queryOk(action: string, ns: string, result?: XmlNode): FakeReply {
  const inner = result === undefined ? '' : `<${action}Result>${xmlOf(result)}</${action}Result>`;
  const body = `<${action}Response xmlns="${ns}">${inner}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, contentType: 'text/xml', body };
}

/** A Query error response. */
export function queryError(status: number, code: string, message: string, ns: string): FakeReply {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const body = `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status, contentType: 'text/xml', body };
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
