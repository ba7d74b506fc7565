import type { AuditEvent } from '@docugen-secrets/audit';
import type { DriftInput, DriftManifest, DriftOptions, VaultListing, VaultSecret } from './model.js';
import type { DriftPorts, VaultFilter, VaultLister } from './port.js';
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

/** Gathers the drift input through the ports (read-only). */
export async function collectDrift(
  ports: DriftPorts,
  manifests: readonly DriftManifest[],
  now: Date,
  options: CollectOptions = {},
): Promise<DriftInput> {
  const vault = ports.vault
    ? await listVault(ports.vault, manifests, options.namePrefixes ?? [], options.regions ?? [])
    : undefined;
  const sops = ports.sops ? { files: await ports.sops.listFiles() } : undefined;
  const audit: readonly AuditEvent[] | undefined = ports.audit ? await ports.audit.readEvents() : undefined;
  return {
    manifests,
    now,
    ...(vault ? { vault } : {}),
    ...(sops ? { sops } : {}),
    ...(audit ? { audit } : {}),
    ...(options.grace === undefined ? {} : { options: { grace: options.grace } }),
  };
}
