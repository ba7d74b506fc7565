import type { Finding } from '@docugen-secrets/core';
import { locate, type YamlSource } from '@docugen-secrets/manifest';
import { loadYamlFile, type SchemaCheck } from '@docugen-secrets/policy-engine';
import type { DocugenPolicyCode } from './codes.js';
import { validateTeams } from './generated/validators.generated.js';

export interface Team {
  readonly slug: string;
  /** `@org/slug`, as on-call fields and CODEOWNERS name it. */
  readonly github: string;
  readonly members: readonly string[];
}

/** Who can own a secret or be paged for it. */
export interface TeamRegistry {
  readonly org: string;
  readonly people: ReadonlySet<string>;
  readonly bySlug: ReadonlyMap<string, Team>;
  readonly byRef: ReadonlyMap<string, Team>;
}

export interface TeamRegistryData {
  org: string;
  people: { handle: string; name: string }[];
  teams: { slug: string; github: string; members: string[] }[];
}

function finding(source: YamlSource, code: DocugenPolicyCode, message: string, segments: string[]): Finding {
  const r = locate(source, segments);
  return {
    ruleId: code,
    severity: 'error',
    message,
    file: source.file,
    start: r.start,
    end: r.end,
    path: `/${segments.join('/')}`,
  };
}

function duplicates<T>(items: readonly T[], key: (t: T) => string): number[] {
  const seen = new Set<string>();
  return items.flatMap((t, i) => {
    const k = key(t);
    if (seen.has(k)) return [i];
    seen.add(k);
    return [];
  });
}

/** Consistency the schema cannot express: unique entries, members listed as people, refs matching the org. */
function semanticFindings(source: YamlSource, raw: TeamRegistryData): Finding[] {
  const out: Finding[] = [];
  const people = new Set(raw.people.map((p) => p.handle));
  for (const i of duplicates(raw.people, (p) => p.handle.toLowerCase()))
    out.push(
      finding(source, 'TEAMS_DUPLICATE', `people[${i}]: ${raw.people[i]?.handle ?? ''} is listed twice`, [
        'people',
        String(i),
        'handle',
      ]),
    );
  for (const i of duplicates(raw.teams, (t) => t.slug))
    out.push(
      finding(source, 'TEAMS_DUPLICATE', `teams[${i}]: slug ${raw.teams[i]?.slug ?? ''} is listed twice`, [
        'teams',
        String(i),
        'slug',
      ]),
    );
  raw.teams.forEach((t, i) => {
    if (t.github !== `@${raw.org}/${t.slug}`)
      out.push(
        finding(
          source,
          'TEAMS_WRONG_REF',
          `teams[${i}]: github must be "@${raw.org}/${t.slug}" (the org's team with this slug), got "${t.github}"`,
          ['teams', String(i), 'github'],
        ),
      );
    t.members.forEach((m, j) => {
      if (!people.has(m))
        out.push(
          finding(source, 'TEAMS_UNKNOWN_MEMBER', `teams[${i}] (${t.slug}): member ${m} is not listed under people`, [
            'teams',
            String(i),
            'members',
            String(j),
          ]),
        );
    });
  });
  return out;
}

/**
 * Loads the team registry with positioned findings. The registry is built
 * from what parsed, so one bad entry does not make every manifest's owner
 * "unknown"; the finding on the registry itself fails the check.
 */
export function loadTeams(file: string, text: string): { registry?: TeamRegistry; findings: Finding[] } {
  const loaded = loadYamlFile(
    file,
    text,
    validateTeams as SchemaCheck,
    () => 'TEAMS_INVALID' satisfies DocugenPolicyCode,
    'TEAMS_INVALID',
  );
  if (
    !loaded.source ||
    loaded.invalidPaths.some((p) => p === '' || /^\/(org|apiVersion)/.test(p)) ||
    loaded.data === undefined
  )
    return { findings: [...loaded.findings] };
  const raw = loaded.data as TeamRegistryData;
  if (!Array.isArray(raw.people) || !Array.isArray(raw.teams)) return { findings: [...loaded.findings] };
  const findings = loaded.findings.length > 0 ? [...loaded.findings] : semanticFindings(loaded.source, raw);
  return { registry: buildRegistry(raw), findings };
}

export function buildRegistry(raw: TeamRegistryData): TeamRegistry {
  const teams = raw.teams.filter(
    (t) => typeof t.slug === 'string' && typeof t.github === 'string' && Array.isArray(t.members),
  );
  return {
    org: raw.org,
    people: new Set(raw.people.map((p) => p.handle).filter((h) => typeof h === 'string')),
    bySlug: new Map(teams.map((t) => [t.slug, t])),
    byRef: new Map(teams.map((t) => [t.github, t])),
  };
}
