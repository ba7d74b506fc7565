/**
 * Shannon entropy in bits per character, computed exactly as gitleaks'
 * `shannonEntropy` (detect/detect.go): symbol frequencies over code points,
 * divided by the *byte* length of the UTF-8 string. For the ASCII tokens the
 * rules match the two are the same; keeping gitleaks' divisor keeps its
 * thresholds meaningful.
 */
export function shannonEntropy(data: string): number {
  if (data.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of data) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const inv = 1 / Buffer.byteLength(data, 'utf8');
  let entropy = 0;
  for (const count of counts.values()) {
    const freq = count * inv;
    entropy -= freq * Math.log2(freq);
  }
  return entropy;
}
