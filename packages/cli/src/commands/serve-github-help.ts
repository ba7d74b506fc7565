import { exitCodesHelp } from '../exit-codes.js';

/** Help of `serve github` (its own module so that `serve --help` does not load the server). */
export const GITHUB_HELP = `Usage: docugen-secrets serve github --port N [options]

Runs a local GitHub REST API (the subset docugen-secrets calls: issues,
comments, labels, pull requests, git refs, rate limit) until interrupted.
Point GITHUB_API_URL (or Octokit's baseUrl) at the printed URL, with any
token unless --token is given, e.g.
  GITHUB_API_URL=http://127.0.0.1:4567 GITHUB_TOKEN=local docugen-secrets alerts sync

Options:
  --port N                 Port to listen on, on 127.0.0.1 (0 = any free port). Required.
  --state FILE             Load issues, labels, comments and refs from FILE and
                           save every write before answering it (mode 0600).
  --repo OWNER/NAME        A repository that exists (repeatable; default docugen/secrets).
  --token T                Accept only this token (default: any token; none is 401).
  --collaborator LOGIN     A login that may be assigned (repeatable); other
                           assignees are dropped silently, as GitHub does.
  --rate-limit N           Primary rate limit per hour (default 5000); past it, 403.
  --content-limit          Enforce GitHub's secondary limit on writes (80/minute,
                           500/hour): past it, 403 with retry-after.
  --git-dir OWNER/NAME=DIR Take the repository's refs from the git repository DIR
                           (e.g. the bare remote you push to): pushed branches
                           show in the API and pull requests open from them.
  --fault SPEC             Inject a fault (repeatable):
                             <operationId|*>:<kind>[:times=N][:ms=N]
                           kinds: secondary-rate-limit, server-error, bad-gateway,
                           unavailable, latency, drop-after-write, drop-before
                           e.g. issues/create:secondary-rate-limit:times=2
  --validate               Check every request and response against GitHub's
                           OpenAPI description (needs the dev dependencies).
  --verbose                Log each request (operation, status) to stderr.
  -h, --help               Show this help.

Prints "github listening on <url>" and the GITHUB_API_URL line once ready.
${exitCodesHelp('stopping the server failed')}
`;
