/**
 * The age v1 file format, just enough to open the small files sops stores in
 * `enc`: armor, header stanzas, header MAC and a single-chunk payload.
 * (https://age-encryption.org/v1)
 */
export interface Stanza {
  readonly type: string;
  readonly args: readonly string[];
  readonly body: Buffer;
}

export interface AgeFile {
  readonly stanzas: readonly Stanza[];
  /** Header bytes up to and including `---`, the input of the header MAC. */
  readonly macInput: Buffer;
  readonly mac: Buffer;
  readonly payload: Buffer;
}

const BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const END = '-----END AGE ENCRYPTED FILE-----';

/** Removes the PEM-style armor (lenient about surrounding whitespace and CRLF, like Go's reader). */
export function dearmor(text: string): Buffer | undefined {
  const t = text.trim();
  if (!t.startsWith(BEGIN) || !t.endsWith(END)) return undefined;
  const body = t.slice(BEGIN.length, -END.length).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) return undefined;
  return Buffer.from(body, 'base64');
}

const b64raw = (s: string): Buffer | undefined => (/^[A-Za-z0-9+/]*$/.test(s) ? Buffer.from(s, 'base64') : undefined);

function readLine(buf: Buffer, pos: number): { line: string; next: number } | undefined {
  const nl = buf.indexOf(0x0a, pos);
  if (nl < 0) return undefined;
  return { line: buf.toString('latin1', pos, nl), next: nl + 1 };
}

function readBody(buf: Buffer, pos: number): { body: Buffer; next: number } | undefined {
  const parts: Buffer[] = [];
  let p = pos;
  for (;;) {
    const l = readLine(buf, p);
    if (!l || l.line.length > 64) return undefined;
    const chunk = b64raw(l.line);
    if (!chunk) return undefined;
    parts.push(chunk);
    p = l.next;
    if (l.line.length < 64) return { body: Buffer.concat(parts), next: p };
  }
}

/** Parses a binary age file; undefined when it is not one. */
export function parseAgeFile(buf: Buffer): AgeFile | undefined {
  let l = readLine(buf, 0);
  if (l?.line !== 'age-encryption.org/v1') return undefined;
  const stanzas: Stanza[] = [];
  for (;;) {
    l = readLine(buf, l.next);
    if (!l) return undefined;
    if (l.line.startsWith('--- ')) break;
    if (!l.line.startsWith('-> ')) return undefined;
    const [type, ...args] = l.line.slice(3).split(' ');
    const b = readBody(buf, l.next);
    if (type === undefined || !b) return undefined;
    stanzas.push({ type, args, body: b.body });
    l = { line: l.line, next: b.next };
  }
  const macStart = l.next - l.line.length - 1;
  const mac = b64raw(l.line.slice(4));
  if (!mac || mac.length !== 32) return undefined;
  return { stanzas, macInput: buf.subarray(0, macStart + 3), mac, payload: buf.subarray(l.next) };
}
