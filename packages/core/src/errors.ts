/**
 * The one base error of the project. Every package defines a closed union of
 * stable codes and throws `DocugenError<ItsCode>`; tests assert codes, never
 * message text. Messages say what is wrong and where (file:line:col, secret id
 * and step), and never contain a secret value.
 */
export class DocugenError<Code extends string = string> extends Error {
  override readonly name = 'DocugenError';
  readonly code: Code;
  /** Plain, value-free context (file, path, secret id, step …) for reports. */
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(
    code: Code,
    message: string,
    options: { cause?: unknown; details?: Record<string, string | number | boolean> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/** Narrows an unknown throwable to a DocugenError, optionally of given codes. */
export function isDocugenError<C extends string = string>(err: unknown, ...codes: C[]): err is DocugenError<C> {
  if (!(err instanceof DocugenError)) return false;
  return codes.length === 0 || codes.includes(err.code as C);
}

/** A short, value-free description of any throwable, for logs and reports. */
export function describeError(err: unknown): string {
  if (err instanceof DocugenError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return 'unknown error';
}
