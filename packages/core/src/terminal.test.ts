import { describe, expect, it } from 'vitest';
import { escapeTerminal, terminalSafeJson } from './index.js';

/** True when a workflow-command or terminal-control sequence survives in `out`. */
function dangerous(out: string): boolean {
  return (
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(out) ||
    /^\s*::/m.test(out) ||
    out.includes('##[')
  );
}

describe('escapeTerminal', () => {
  it.each([
    ['newline then a workflow command', 'evil\n::error file=x::pwned'],
    ['carriage return', 'a\r::warning::b'],
    ['ESC colour and title sequences', 'x\u001b[31mred\u001b]0;title\u0007'],
    ['C1 CSI and DEL', 'x\u009b2J\u007f'],
    ['a leading workflow command', '::add-mask::x'],
    ['a leading workflow command after blanks', '  \t::error::x'],
    ['legacy ##[ syntax', 'key ##[error]pwned'],
    ['Unicode line separator', 'a\u2028::error::b'],
    ['bidi override', 'admin\u202e\u2066txt'],
  ])('neutralises %s', (_name, hostile) => {
    const out = escapeTerminal(hostile);
    expect(dangerous(out)).toBe(false);
    expect(out.split('\n')).toHaveLength(1);
  });

  it('leaves ordinary text alone, including inner colons and non-ASCII letters', () => {
    for (const s of ['secrets-manifests/a.yaml', 'unknown field "x::y"', 'Größe: 5 — ok', 'a # b [c]'])
      expect(escapeTerminal(s)).toBe(s);
  });

  it('shows what was there as \\uXXXX', () => {
    expect(escapeTerminal('a\nb\u001b')).toBe('a\\u000ab\\u001b');
  });
});

describe('terminalSafeJson', () => {
  it('escapes what JSON.stringify leaves raw, and keeps the same value', () => {
    const value = { k: 'a\u007f\u009b2J\u202e ##[error]x \u2028' };
    const out = terminalSafeJson(JSON.stringify(value, null, 2));
    expect(out).not.toMatch(/[\u007f-\u009f\u2028\u202e]|##\[/);
    expect(JSON.parse(out)).toEqual(value);
  });
});
