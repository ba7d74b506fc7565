import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(PACKAGE, 'dist', 'index.js');

/** What a step run leaves behind, as the runner sees it. */
export interface StepRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** GITHUB_OUTPUT as written (the raw file) and parsed. */
  readonly outputFile: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly runnerTemp: string;
}

export interface StepOptions {
  readonly node: string;
  readonly workspace: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly eventName?: string;
  readonly event?: unknown;
  readonly token?: string;
}

/** `name<<delimiter\nvalue\ndelimiter` blocks of a GITHUB_OUTPUT file. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) if (m[1] !== undefined) out[m[1]] = m[3] ?? '';
  return out;
}

/** The INPUT_* variables the runner sets: every input of action.yml with its default, then the step's `with:`. */
async function inputEnv(inputs: Readonly<Record<string, string>>, token: string): Promise<Record<string, string>> {
  const action = parse(await readFile(join(PACKAGE, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const fallback = spec.default === '${{ github.token }}' ? token : (spec.default ?? '');
    env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? fallback;
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

/**
 * Runs the committed bundle the way the runner runs a `node24` action: a
 * fresh process of `node dist/index.js` in the workspace, inputs as INPUT_*,
 * outputs and summary through the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files,
 * the event payload at GITHUB_EVENT_PATH, a RUNNER_TEMP of its own. Nothing
 * of this process's environment leaks in but PATH.
 */
export async function runStep(o: StepOptions): Promise<StepRun> {
  const temp = await mkdtemp(join(tmpdir(), 'rotator-step-'));
  const files = {
    output: join(temp, 'github_output'),
    summary: join(temp, 'step_summary.md'),
    event: join(temp, 'event.json'),
    runnerTemp: join(temp, 'runner-temp'),
  };
  await writeFile(files.output, '');
  await writeFile(files.summary, '');
  await writeFile(files.event, JSON.stringify(o.event ?? {}));
  const token = o.token ?? 'ghs_e2e-token-0123456789';
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: temp,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: o.eventName ?? 'schedule',
    RUNNER_TEMP: files.runnerTemp,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'docugen/app',
    GITHUB_RUN_ID: '4242',
    GITHUB_REF_NAME: 'main',
    ...(await inputEnv(o.inputs, token)),
    ...o.env,
  };
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(o.node, [BUNDLE], { cwd: o.workspace, env, maxBuffer: 64 * 1024 * 1024 }, (err, out, errOut) => {
      const status = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code: status, stdout: out, stderr: errOut });
    });
  });
  const outputFile = await readFile(files.output, 'utf8');
  return {
    code,
    stdout,
    stderr,
    outputFile,
    outputs: parseOutputFile(outputFile),
    summary: await readFile(files.summary, 'utf8'),
    runnerTemp: files.runnerTemp,
  };
}
