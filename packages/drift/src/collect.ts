import { AuditIndexBuilder, type AuditIndex } from './audit-index.js';
import type { DriftInput, DriftManifest, DriftOptions, VaultListing, VaultSecret } from './model.js';
import type { AuditReader, DriftPorts, VaultFilter, VaultLister } from './port.js';
import { ID_TAG } from './vault.js';

export interface CollectOptions extends DriftOptions {
  /** Name prefixes to list besides the project's id tag (e.g. `production/`): untagged secrets there are orphans too. */
  readonly namePrefixes?: readonly string[];
  /** Regions to list besides those the manifests name (the default region: orphans of a project with no manifest there yet). */
  readonly regions?: readonly string[];
}

type AwsBackend = Extract<DriftManifest['manifest']['backend'], { kind: 'aws-secrets-manager' }>;

/** Guards a misbehaving endpoint that never stops paging. */
const MAX_PAGES = 10_000;

/** Pages through one listing, each secret into `secrets` and its position into `found` by name (the last listed wins, in first-listed order). */
async function listInto(
  found: Map<string, number>,
  secrets: VaultSecret[],
  lister: VaultLister,
  region: string,
  filter: VaultFilter,
  only?: string,
): Promise<void> {
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await lister.listPage({ region, filter, ...(nextToken === undefined ? {} : { nextToken }) });
    for (const s of res.secrets) {
      if (only !== undefined && s.name !== only) continue;
      const at = found.get(s.name);
      if (at === undefined) {
        found.set(s.name, secrets.length);
        secrets.push(s);
      } else secrets[at] = s;
    }
    nextToken = res.nextToken;
    if (nextToken === undefined) break;
  }
}

/**
 * Lists the project's secrets region by region: everything carrying the
 * id tag (what the tool created, including secrets whose manifest was later
 * removed), every listed name prefix, and each declared name the two missed
 * (a secret made by hand without tags is still found, not called missing).
 */
export async function listVault(
  lister: VaultLister,
  manifests: readonly DriftManifest[],
  namePrefixes: readonly string[],
  extraRegions: readonly string[] = [],
): Promise<VaultListing> {
  const aws: AwsBackend[] = [];
  for (const d of manifests) if (d.manifest.backend.kind === 'aws-secrets-manager') aws.push(d.manifest.backend);
  const regions = [...new Set([...aws.map((b) => b.region), ...extraRegions])].sort();
  const secrets: VaultSecret[] = [];
  const positions = new Map<string, Map<string, number>>();
  for (const region of regions) {
    // Regions are listed one after another; pages go straight into the listing and its name → position map,
    // which the checks reuse (no array per listing, no second map of 10,000 names).
    const found = new Map<string, number>();
    positions.set(region, found);
    await listInto(found, secrets, lister, region, { kind: 'tag-key', key: ID_TAG });
    for (const prefix of namePrefixes) await listInto(found, secrets, lister, region, { kind: 'name-prefix', prefix });
    for (const b of aws.filter((x) => x.region === region && !found.has(x.name)))
      await listInto(found, secrets, lister, region, { kind: 'name-prefix', prefix: b.name }, b.name);
  }
  return { regions, secrets, positions };
}

async function readAudit(reader: AuditReader): Promise<AuditIndex | undefined> {
  const builder = new AuditIndexBuilder();
  const found = await reader.readEvents((ev) => {
    builder.add(ev);
  });
  return found ? builder.index : undefined;
}

/**
 * Gathers the drift input through the ports (read-only). The three gathers
 * overlap: a listing waits on the network page after page, and the SOPS
 * files and the audit trail are read meanwhile. All three settle before a
 * failure is thrown (the first in this order), so nothing still reads
 * through a port when the caller closes it.
 */
export async function collectDrift(
  ports: DriftPorts,
  manifests: readonly DriftManifest[],
  now: Date,
  options: CollectOptions = {},
): Promise<DriftInput> {
  const listing = ports.vault
    ? listVault(ports.vault, manifests, options.namePrefixes ?? [], options.regions ?? [])
    : Promise.resolve(undefined);
  const files = ports.sops ? ports.sops.listFiles() : Promise.resolve(undefined);
  const trail = ports.audit ? readAudit(ports.audit) : Promise.resolve(undefined);
  await Promise.allSettled([listing, files, trail]);
  const vault = await listing;
  const sops = await files;
  const audit = await trail;
  return {
    manifests,
    now,
    ...(vault ? { vault } : {}),
    ...(sops ? { sops: { files: sops } } : {}),
    ...(audit ? { audit } : {}),
    ...(options.grace === undefined ? {} : { options: { grace: options.grace } }),
  };
}
