import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docugenRules, generateCodeowners, loadPolicyFiles, loadTeams, parseCodeowners } from '../src/index.js';
import { repoPathMapper } from '../src/policy-files.js';
import { env, repoRoot } from './helpers.js';

const now = new Date('2026-11-29T12:00:00Z');
const teamsText = readFileSync(`${repoRoot}/policies/teams.yaml`, 'utf8');
const at = (f: { ruleId: string; start: { line: number; col: number } }): string =>
  `${f.ruleId}@${f.start.line}:${f.start.col}`;

/** 1-based line and column where `needle` starts in `text`. */
function where(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle));
  return `${before.split('\n').length}:${before.length - before.lastIndexOf('\n')}`;
}

describe('team registry', () => {
  it('the real registry loads cleanly', () => {
    const { registry, findings } = loadTeams('teams.yaml', teamsText);
    expect(findings).toEqual([]);
    expect(registry?.bySlug.get('storage-platform')?.github).toBe('@docugen/storage-platform');
    expect(registry?.byRef.get('@docugen/security-oncall')?.members.length).toBe(2);
  });

  it.each([
    [
      'a member who is not a person',
      teamsText.replace(
        'members: ["@kenji-watanabe"]\n  - slug: integrations\n',
        'members: ["@kenji-watanabe", "@ghost"]\n  - slug: integrations\n',
      ),
      'TEAMS_UNKNOWN_MEMBER',
      '"@ghost"',
    ],
    [
      'a GitHub ref of another org',
      teamsText.replace('github: "@docugen/maps-oncall"', 'github: "@other/maps-oncall"'),
      'TEAMS_WRONG_REF',
      '"@other/maps-oncall"',
    ],
    [
      'a duplicate slug',
      teamsText
        .replace('slug: maps-oncall', 'slug: storage-oncall')
        .replace('github: "@docugen/maps-oncall"', 'github: "@docugen/storage-oncall"'),
      'TEAMS_DUPLICATE',
      'storage-oncall\n    github: "@docugen/storage-oncall"\n    members: ["@lena',
    ],
    ['a bad handle', teamsText.replace('handle: "@marco-bianchi"', 'handle: "marco"'), 'TEAMS_INVALID', '"marco"'],
  ])('%s is a positioned error', (_name, text, code, needle) => {
    const { findings } = loadTeams('teams.yaml', text);
    expect(findings.map(at)).toEqual([`${code}@${where(text, needle)}`]);
  });
});

describe('policy files', () => {
  it('missing config and registry are errors; a missing waiver file is fine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policies-'));
    mkdirSync(join(dir, 'policies'));
    const files = await loadPolicyFiles(join(dir, 'policies'), { cwd: dir, now, rules: docugenRules });
    expect(files.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual([
      'POLICY_FILE_MISSING policies/config.yaml',
      'POLICY_FILE_MISSING policies/teams.yaml',
    ]);
    expect(files.config.rules.get('SM001')?.enabled).toBe(false);
    expect(files.waivers).toEqual([]);
  });

  it('bad config and waiver files give positioned errors like manifests do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policies-'));
    cpSync(`${repoRoot}/policies/test/fixtures/golden`, dir, { recursive: true });
    const config = readFileSync(join(dir, 'policies/config.yaml'), 'utf8').replace(
      'critical: P30D',
      'critical: 30 days',
    );
    writeFileSync(join(dir, 'policies/config.yaml'), config);
    const files = await loadPolicyFiles(join(dir, 'policies'), { cwd: dir, now, rules: docugenRules });
    expect(files.findings.map(at)).toContain(`POLICY_OPTIONS_INVALID@${where(config, '30 days')}`);
    expect(files.config.rules.get('SM001')?.enabled).toBe(false);
    expect(files.findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['WAIVER_MISSING_REASON', 'WAIVER_EXPIRED']),
    );
  });
});

describe('CODEOWNERS', () => {
  it('generates sorted lines after the fixed entries and parses them back', () => {
    const { text, unknown } = generateCodeowners(
      [
        { repoPath: 'secrets-manifests/b.yaml', ownerTeam: 'integrations' },
        { repoPath: 'secrets-manifests/a.yaml', ownerTeam: 'storage-platform' },
        { repoPath: 'secrets-manifests/c.yaml', ownerTeam: 'nobody' },
      ],
      env.teams!,
      [{ pattern: '/policies/', owners: ['@docugen/security-engineering'] }],
    );
    expect(unknown.map((u) => u.repoPath)).toEqual(['secrets-manifests/c.yaml']);
    expect(parseCodeowners('CODEOWNERS', text).lines.map((l) => `${l.pattern} ${l.owners.join(' ')}`)).toEqual([
      '/policies/ @docugen/security-engineering',
      '/secrets-manifests/a.yaml @docugen/storage-platform',
      '/secrets-manifests/b.yaml @docugen/integrations',
    ]);
  });
});

describe('repository paths', () => {
  it('maps display paths as join + relative would, whatever their shape', () => {
    const slow = (cwd: string, root: string, file: string): string | undefined => {
      const rel = relative(root, join(cwd, file));
      return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : rel;
    };
    const files = ['a.yaml', 'm/a.yaml', './a.yaml', 'm/../a.yaml', 'm//a.yaml', 'm/./a.yaml', '../x/a.yaml'];
    for (const file of [...files, '.hidden/a.yaml', 'a/', '.', '..', '/abs/a.yaml', 'm/.'])
      for (const [cwd, root] of [
        ['/r', '/r'],
        ['/r/sub', '/r'],
        ['/r/sub/', '/r/'],
        ['/other', '/r'],
        ['/r', '/r/sub'],
      ] as const)
        expect(repoPathMapper(cwd, root)(file), `${cwd} ${root} ${file}`).toBe(slow(cwd, root, file));
  });
});
