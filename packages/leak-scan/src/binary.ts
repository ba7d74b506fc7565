/** Bytes that never occur in text: NUL and the C0 controls other than tab, LF, VT, FF, CR and ESC. */
function isBinaryByte(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b;
}

/** How much of the sample may be non-text bytes before the file counts as binary. */
const MAX_BINARY_SHARE = 0.01;
const SAMPLE = 64 * 1024;
/** A few stray control bytes are tolerated even in a tiny file. */
const STRAY = 4;

/**
 * Whether a file is binary. A single NUL byte does not make it so (git's and
 * gitleaks' rule, which let a stray NUL hide a whole config file): the file is
 * binary when more than 1% (and more than 4) of its first 64 KiB are control bytes that text
 * never holds, or when it is UTF-16 (NUL in every other byte would pass as
 * 50%, so it is caught by the same share).
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE);
  let odd = 0;
  for (let i = 0; i < n; i++) if (isBinaryByte(bytes[i] ?? 0)) odd++;
  return odd > Math.max(STRAY, n * MAX_BINARY_SHARE);
}
