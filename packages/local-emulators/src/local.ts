import { join } from 'node:path';
import { FakeAwsIam } from './fake-aws-iam.js';
import { FakeGcs } from './fake-gcs-hmac.js';
import { FakeGoogleApis } from './fake-google-apis.js';

export interface LocalEmulatorsOptions {
  /**
   * Folder of the state files (`google-apis.json`, `aws-iam.json`,
   * `gcs.json`, mode 0600); omitted, the state lives in memory only.
   */
  readonly stateDir?: string;
  /** The emulators' clock (key creation, last-used dates); default the system clock. */
  readonly now?: () => Date;
}

/** The three provider emulators of a local run, on ephemeral loopback ports. */
export interface LocalEmulators {
  readonly google: FakeGoogleApis;
  readonly iam: FakeAwsIam;
  readonly gcs: FakeGcs;
  /** The state files, when persisted (for "where state lives" reports). */
  readonly statePaths: readonly string[];
  close(): Promise<void>;
}

/** The state file names under `stateDir`. */
export const LOCAL_STATE_FILES = { google: 'google-apis.json', iam: 'aws-iam.json', gcs: 'gcs.json' } as const;

/**
 * Starts the Google API Keys + Places, IAM + STS and Cloud Storage HMAC
 * emulators together, for a local run of the provider rotators: the same
 * protocols the real clients speak, no network, no cloud account. If one
 * fails to start (e.g. its state file is damaged), the others are stopped
 * and the error is thrown.
 */
export async function startLocalEmulators(options: LocalEmulatorsOptions = {}): Promise<LocalEmulators> {
  const at = (name: string): { statePath?: string } =>
    options.stateDir === undefined ? {} : { statePath: join(options.stateDir, name) };
  const clock = options.now === undefined ? {} : { now: options.now };
  const started: { close(): Promise<void> }[] = [];
  try {
    const google = await FakeGoogleApis.start({ ...clock, ...at(LOCAL_STATE_FILES.google) });
    started.push(google);
    const iam = await FakeAwsIam.start({ ...clock, ...at(LOCAL_STATE_FILES.iam) });
    started.push(iam);
    const gcs = await FakeGcs.start({ ...clock, ...at(LOCAL_STATE_FILES.gcs) });
    started.push(gcs);
    const statePaths = Object.values(LOCAL_STATE_FILES).flatMap((f) => Object.values(at(f)));
    return { google, iam, gcs, statePaths, close: () => closeAll(started) };
  } catch (err) {
    await closeAll(started);
    throw err;
  }
}

async function closeAll(servers: readonly { close(): Promise<void> }[]): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
}
