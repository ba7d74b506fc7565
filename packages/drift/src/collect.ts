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

/** Guards a misbehaving endpoint that never stops paging. */
const MAX_PAGES = 10_000;

async function listAll(lister: VaultLister, region: string, filter: VaultFilter): Promise<VaultSecret[]> {
  const out: VaultSecret[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await lister.listPage({ region, filter, ...(nextToken === undefined ? {} : { nextToken }) });
    for (const s of res.secrets) out.push(s);
    nextToken = res.nextToken;
    if (nextToken === undefined) break;
  }
  return out;
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
  const aws = manifests.flatMap((d) => (d.manifest.backend.kind === 'aws-secrets-manager' ? [d.manifest.backend] : []));
  const regions = [...new Set([...aws.map((b) => b.region), ...extraRegions])].sort();
  const secrets: VaultSecret[] = [];
  for (const region of regions) {
    // Name → secret in this region (the last listed wins, in first-listed order); regions are listed one after another.
    const found = new Map<string, VaultSecret>();
    const add = (s: VaultSecret): void => void found.set(s.name, s);
    const filters: VaultFilter[] = [
      { kind: 'tag-key', key: ID_TAG },
      ...namePrefixes.map((prefix): VaultFilter => ({ kind: 'name-prefix', prefix })),
    ];
    for (const filter of filters) {
      for (const s of await listAll(lister, region, filter)) add(s);
    }
    for (const b of aws.filter((x) => x.region === region && !found.has(x.name))) {
      for (const s of await listAll(lister, region, { kind: 'name-prefix', prefix: b.name }))
        if (s.name === b.name) add(s);
    }
    for (const s of found.values()) secrets.push(s);
  }
  return { regions, secrets };
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
