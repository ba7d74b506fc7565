import type { SecretManifest } from '@docugen-secrets/manifest';
import { manifestRule, type SchemaCheck, type Violation } from '@docugen-secrets/policy-engine';
import { validateSM006Options } from '../generated/validators.generated.js';
import type { TeamRegistry } from '../teams.js';
import optionsSchema from './options/SM006.schema.json' with { type: 'json' };
import { docsPath, type DocugenManifestRule } from './util.js';

const REGISTRY = 'policies/teams.yaml';

function people(handles: readonly string[] | undefined, teams: TeamRegistry, at: string[]): Violation[] {
  return (handles ?? []).flatMap((h, i) =>
    teams.people.has(h) ? [] : [{ message: `${h} is not a person in ${REGISTRY}`, at: [...at, String(i)] }],
  );
}

function pagedTeam(ref: string | undefined, teams: TeamRegistry, at: string[]): Violation[] {
  if (ref === undefined) return [];
  const team = teams.byRef.get(ref);
  if (!team) return [{ message: `on-call team ${ref} is not a team in ${REGISTRY}`, at }];
  if (team.members.length === 0)
    return [{ message: `on-call team ${ref} has no members in ${REGISTRY}: a page would reach no one`, at }];
  return [];
}

function ownerViolations(m: SecretManifest, teams: TeamRegistry): Violation[] {
  const out: Violation[] = [];
  if (!teams.bySlug.has(m.owner.team))
    out.push({ message: `owner team ${m.owner.team} is not a team slug in ${REGISTRY}`, at: ['owner', 'team'] });
  return [...out, ...people(m.owner.handles, teams, ['owner', 'handles'])];
}

function oncallViolations(m: SecretManifest, teams: TeamRegistry): Violation[] {
  const o = m.oncall;
  const out = [...pagedTeam(o.team, teams, ['oncall', 'team']), ...people(o.assignees, teams, ['oncall', 'assignees'])];
  (o.escalation ?? []).forEach((step, i) => {
    out.push(...pagedTeam(step.team, teams, ['oncall', 'escalation', String(i), 'team']));
    out.push(...people(step.assignees, teams, ['oncall', 'escalation', String(i), 'assignees']));
  });
  return out;
}

/**
 * SM006 — owner and on-call resolve in the team registry: every team and
 * handle a manifest names exists there, and every paged team has members.
 */
export const SM006: DocugenManifestRule<Record<string, never>> = manifestRule({
  id: 'SM006',
  name: 'routable-owner-and-oncall',
  title: 'Owner team and on-call are present and routable (listed in the team registry).',
  description:
    'Alerts about a secret (expiry, failed rotation, leak) go to its on-call team, assignees and escalation chain, and ownership goes to its owner team. A typo or a departed person means nobody is told. Every team and handle must be listed in policies/teams.yaml, and paged teams must have members.',
  severity: 'error',
  docs: docsPath('SM006'),
  optionsSchema,
  validateOptions: validateSM006Options as SchemaCheck,
  check(m, { env }): Violation[] {
    // Without a registry the registry's own problem is reported instead.
    if (!env.teams) return [];
    return [...ownerViolations(m, env.teams), ...oncallViolations(m, env.teams)];
  },
});
