import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sopsError } from '../errors.js';
import { bech32Decode, bech32Encode } from './bech32.js';
import { X25519Key } from './x25519.js';

/**
 * An age identity (secret key). The secret never appears in `toString`,
 * `JSON.stringify` or `util.inspect`, so logging an identity cannot leak it.
 */
export class AgeIdentity {
  readonly #secret: string;
  readonly #x25519: X25519Key | undefined;
  /** The matching recipient (`age1…` / `age1pq1…`), public. */
  readonly recipient: string;
  readonly kind: 'x25519' | 'hybrid';

  private constructor(secret: string, kind: 'x25519' | 'hybrid', recipient: string, x25519?: X25519Key) {
    this.#secret = secret;
    this.kind = kind;
    this.recipient = recipient;
    this.#x25519 = x25519;
  }

  /** Parses one `AGE-SECRET-KEY-1…` or `AGE-SECRET-KEY-PQ-1…` line. Throws SOPS_INVALID_IDENTITY. */
  static async parse(text: string, source = 'identity'): Promise<AgeIdentity> {
    const s = text.trim();
    if (s.startsWith('AGE-SECRET-KEY-PQ-1')) {
      const age = await import('age-encryption');
      try {
        return new AgeIdentity(s, 'hybrid', await age.identityToRecipient(s));
      } catch (err) {
        throw sopsError('SOPS_INVALID_IDENTITY', `${source}: not a valid post-quantum age identity`, {}, err);
      }
    }
    const decoded = bech32Decode(s);
    if (decoded?.hrp !== 'age-secret-key-' || decoded.bytes.length !== 32) {
      throw sopsError(
        'SOPS_INVALID_IDENTITY',
        `${source}: not an age identity (expected AGE-SECRET-KEY-1…; SSH and plugin keys are not supported)`,
      );
    }
    const key = new X25519Key(decoded.bytes);
    return new AgeIdentity(s, 'x25519', bech32Encode('age', key.publicKey), key);
  }

  /** The native X25519 key, when this is an X25519 identity. */
  get x25519(): X25519Key | undefined {
    return this.#x25519;
  }

  /** The identity text, for handing to `age-encryption`. Never log it. */
  revealSecret(): string {
    return this.#secret;
  }

  toString(): string {
    return `AgeIdentity(${this.recipient})`;
  }
  toJSON(): { recipient: string } {
    return { recipient: this.recipient };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Parses identities from key-file text: one per line (or space-separated), `#` comments and blank lines ignored. */
export async function parseIdentities(text: string, source: string): Promise<AgeIdentity[]> {
  const out: AgeIdentity[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    for (const word of line.split(/\s+/)) out.push(await AgeIdentity.parse(word, `${source}:${i + 1}`));
  }
  return out;
}

export interface LoadIdentitiesOptions {
  /** The environment, passed in (never read from process.env here). Uses SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, XDG_CONFIG_HOME, HOME. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Explicit key files, read in addition to the environment's. */
  readonly keyFile?: string | readonly string[];
  /** Also read sops' default `$XDG_CONFIG_HOME/sops/age/keys.txt` (or `~/.config/…`) if it exists. Default true. */
  readonly defaultKeyFile?: boolean;
}

async function readKeyFile(path: string, optional: boolean): Promise<AgeIdentity[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (optional) return [];
    throw sopsError('SOPS_KEY_FILE', `cannot read age key file ${path}`, {}, err);
  }
  return parseIdentities(text, path);
}

function defaultKeyPath(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const xdg = env['XDG_CONFIG_HOME'];
  if (xdg !== undefined && xdg !== '') return join(xdg, 'sops', 'age', 'keys.txt');
  const home = env['HOME'];
  return home !== undefined && home !== '' ? join(home, '.config', 'sops', 'age', 'keys.txt') : undefined;
}

/**
 * Collects age identities the way sops does: `SOPS_AGE_KEY` (text with one
 * or more keys), `SOPS_AGE_KEY_FILE`, explicit key files, then the default
 * key file. Returns an empty list when none are found (callers decide
 * whether that is an error).
 */
export async function loadIdentities(opts: LoadIdentitiesOptions = {}): Promise<AgeIdentity[]> {
  const env = opts.env ?? {};
  const out: AgeIdentity[] = [];
  const inline = env['SOPS_AGE_KEY'];
  if (inline !== undefined && inline.trim() !== '') out.push(...(await parseIdentities(inline, 'SOPS_AGE_KEY')));
  const envFile = env['SOPS_AGE_KEY_FILE'];
  if (envFile !== undefined && envFile !== '') out.push(...(await readKeyFile(envFile, false)));
  const files = opts.keyFile === undefined ? [] : typeof opts.keyFile === 'string' ? [opts.keyFile] : opts.keyFile;
  for (const f of files) out.push(...(await readKeyFile(f, false)));
  const def = opts.defaultKeyFile === false ? undefined : defaultKeyPath(env);
  if (def !== undefined) out.push(...(await readKeyFile(def, true)));
  return out;
}
