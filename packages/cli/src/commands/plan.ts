import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { loadValidManifests, openBackends } from '../compose/index.js';
import { nowFrom, parseCommandArgs, usageError } from '../usage.js';

const HELP = `Usage: docugen-secrets plan [paths...] [options]

Decides, for every secret manifest, whether its secret is ok, due, overdue,
expiring (inside a warning window), expired, in progress (a pending version
exists), due for retiring its previous version, or blocked (manual rotation,
single strategy without waiver), and what "rotate" will do next. Reads store
descriptions only (never a value, never a write).

Options:
  --now ISO            plan as of this time (default: now), e.g. 2025-01-31T00:00:00Z
  --json               JSON output (dates as ISO-8601)
  --shards N           print a GitHub Actions matrix {"include":[{"shard":0,"secrets":"a,b"}]}
                       splitting the secrets that need work into at most N (≤ 256)
                       disjoint jobs, each on one quota group (AWS region, SOPS),
                       for "rotate --secret <secrets>"
  --aws-endpoint URL   use this Secrets Manager endpoint (default: the embedded
                       local server, or AWS when AWS credentials are configured)
  --region REGION      default AWS region
  --sops-repo PATH     read SOPS files from this git checkout (default: the
                       local git repository .local/sops-repo)
  -h, --help           show this help

Paths default to secrets-manifests/.
${exitCodesHelp('some manifests are invalid or a store could not be read')}
`;

const OPTIONS = {
  now: { type: 'string' },
  json: { type: 'boolean' },
  shards: { type: 'string' },
  'aws-endpoint': { type: 'string' },
  region: { type: 'string' },
  'sops-repo': { type: 'string' },
} as const;

function shardCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 256)
    throw usageError(`--shards must be a whole number from 1 to 256 (got "${raw}")`);
  return Number(raw);
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, OPTIONS);
  const now = nowFrom(ctx, values.now);
  const shards = shardCount(values.shards);
  const { plan, planJson, planText, needsWork, groupedShardMatrix } = await import('@docugen-secrets/rotation');
  const { describeAll } = await import('@docugen-secrets/runner');
  const { manifests, invalid } = await loadValidManifests(ctx, positionals);
  const backends = await openBackends(ctx, manifests, {
    awsEndpoint: values['aws-endpoint'],
    region: values.region,
    sopsRepo: values['sops-repo'],
  });
  let descriptions: Awaited<ReturnType<typeof describeAll>>;
  try {
    descriptions = await describeAll(backends.store, manifests);
  } finally {
    await backends.close();
  }
  const entries = plan(manifests, descriptions, now);
  const due = new Set(entries.filter(needsWork).map((e) => e.secretId));
  if (shards !== undefined)
    ctx.stdout.write(
      `${JSON.stringify(
        groupedShardMatrix(
          manifests.filter((m) => due.has(m.id)),
          shards,
        ),
      )}\n`,
    );
  else ctx.stdout.write(values.json === true ? planJson(entries, now) : planText(entries, now));
  for (const file of invalid)
    ctx.stderr.write(
      `docugen-secrets plan: ${file} is not a valid manifest and was left out (run "docugen-secrets check ${file}")\n`,
    );
  return invalid.length > 0 || entries.some((e) => e.status === 'unknown') ? EXIT.FINDINGS : EXIT.OK;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show which secrets are due, expiring or in progress, and what rotate will do',
  help: HELP,
  run,
};
