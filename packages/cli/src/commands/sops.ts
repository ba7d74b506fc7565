import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { cryptoRandom, overwriteFile, writeFileAtomic } from '@docugen-secrets/core';
import type * as SopsLib from '@docugen-secrets/sops';
import type { AgeIdentity, EncryptionRule, SopsConfig, SopsFormat } from '@docugen-secrets/sops';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { readUserFile } from '../files.js';
import { oneOf, parseCommandArgs, usageError } from '../usage.js';

const HELP = `Usage: docugen-secrets sops <decrypt|encrypt|set|updatekeys|rotate> [options] FILE

Reads and writes SOPS files with age keys, byte-compatible with the sops CLI
(3.7 - 3.13). Identities come from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and
sops' default key file ($XDG_CONFIG_HOME/sops/age/keys.txt). Recipients for
encrypt/updatekeys come from --age or the first matching creation rule of
.sops.yaml (searched from the working directory upwards, or --config).

  decrypt FILE            print the plaintext (MAC verified) to stdout,
                          or to --output / --in-place (mode 0600, written in place:
                          the plaintext is never staged in a temp file)
  encrypt FILE            print the encrypted file, or write it with --in-place/--output
  set FILE INDEX VALUE    set one value in place; INDEX like '["db"]["password"]',
                          VALUE is JSON (or --value-file PATH holding the JSON)
  updatekeys FILE         re-wrap the data key for the creation rule's recipients
                          (values untouched); writes only with --yes
  rotate FILE             new data key, every value re-encrypted (--add-age, --rm-age)

Options:
  --input-type T          yaml, json, dotenv or binary (default: by extension)
  --output-type T         format of decrypt output (default: the input type)
  --extract INDEX         decrypt only this value or subtree
  --output PATH           write to PATH instead of stdout
  -i, --in-place          rewrite FILE
  --age R1,R2             age recipients (encrypt, overrides .sops.yaml)
  --add-age R, --rm-age R rotate: add recipients to / remove them from the file
  --encrypted-regex R, --unencrypted-regex R, --encrypted-suffix S,
  --unencrypted-suffix S, --mac-only-encrypted   encryption rule (encrypt)
  --indent N              YAML indent for new files (default 4 or .sops.yaml)
  --config PATH           the .sops.yaml to use
  --filename-override P   path used to match creation rules and pick the type
  --value-file PATH       set: read VALUE (JSON) from a file, keeping it off the command line
  --ignore-mac            decrypt even if the MAC is missing or wrong
  -y, --yes               updatekeys: apply the change
  -h, --help              show this help

${exitCodesHelp('the file could not be decrypted, verified or written (a SOPS_* code and the file and key path are printed, never a value)')}
`;

const OPTIONS = {
  'input-type': { type: 'string' },
  'output-type': { type: 'string' },
  extract: { type: 'string' },
  output: { type: 'string' },
  'in-place': { type: 'boolean', short: 'i' },
  age: { type: 'string' },
  'add-age': { type: 'string', multiple: true },
  'rm-age': { type: 'string', multiple: true },
  'encrypted-regex': { type: 'string' },
  'unencrypted-regex': { type: 'string' },
  'encrypted-suffix': { type: 'string' },
  'unencrypted-suffix': { type: 'string' },
  'mac-only-encrypted': { type: 'boolean' },
  indent: { type: 'string' },
  config: { type: 'string' },
  'filename-override': { type: 'string' },
  'value-file': { type: 'string' },
  'ignore-mac': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];
type Sops = typeof SopsLib;
const FORMATS = ['yaml', 'json', 'dotenv', 'binary'] as const;

interface Job {
  readonly ctx: CommandContext;
  readonly sops: Sops;
  readonly v: Values;
  readonly file: string;
  readonly format: SopsFormat;
}

function readText(path: string): Promise<string> {
  return readUserFile(path, path);
}

/**
 * The command's stdout takes text; binary plaintext passes through it only if
 * it is valid UTF-8 (then losslessly), otherwise it must go to a file rather
 * than be silently altered.
 */
function bytesAsText(out: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(out);
  } catch {
    throw usageError(
      'the decrypted data is binary (not UTF-8) and cannot go to stdout; use --output PATH or --in-place',
    );
  }
}

/** Writes the result: to --output or FILE (encrypted text atomically; plaintext in place, see below) or stdout. */
async function deliver(job: Job, out: string | Uint8Array, plaintext: boolean): Promise<void> {
  const target =
    job.v['in-place'] === true ? job.file : job.v.output === undefined ? undefined : resolve(job.ctx.cwd, job.v.output);
  if (target === undefined) {
    job.ctx.stdout.write(typeof out === 'string' ? out : bytesAsText(out));
    return;
  }
  // A plaintext (verified already) goes straight into the file asked for, mode 0600 before any byte, never
  // through a temp file beside it that a crash could leave (and `git add -A` commit).
  if (plaintext) await overwriteFile(target, out, 0o600);
  else
    await writeFileAtomic(
      target,
      out,
      await stat(target).then(
        (s) => s.mode & 0o777,
        () => 0o644,
      ),
    );
}

async function identities(job: Job): Promise<AgeIdentity[]> {
  return job.sops.loadIdentities({ env: job.ctx.env });
}

function keyPath(job: Job, text: string | undefined, flag: string): (string | number)[] | undefined {
  if (text === undefined) return undefined;
  const p = job.sops.parsePath(text);
  if (!p) throw usageError(`${flag} must look like '["key"][0]' (got ${JSON.stringify(text.slice(0, 40))})`);
  return p;
}

async function decrypt(job: Job): Promise<number> {
  const res = await job.sops.decryptText(await readText(job.file), {
    format: job.format,
    identities: await identities(job),
    ignoreMac: job.v['ignore-mac'] === true,
    file: job.file,
  });
  const outputType = oneOf('output-type', job.v['output-type'], FORMATS, job.format);
  const extract = keyPath(job, job.v.extract, '--extract');
  await deliver(
    job,
    job.sops.emitPlaintext(res, outputType, { ...(extract ? { extract } : {}), file: job.file }),
    true,
  );
  return EXIT.OK;
}

async function loadConfig(job: Job): Promise<{ config: SopsConfig; dir: string } | undefined> {
  const path =
    job.v.config === undefined ? await job.sops.findSopsConfig(job.ctx.cwd) : resolve(job.ctx.cwd, job.v.config);
  return path === undefined ? undefined : { config: await job.sops.loadSopsConfig(path), dir: dirname(path) };
}

function ruleFromFlags(v: Values): EncryptionRule | undefined {
  const set = (['encrypted-regex', 'unencrypted-regex', 'encrypted-suffix', 'unencrypted-suffix'] as const).filter(
    (k) => v[k] !== undefined,
  );
  if (set.length > 1) throw usageError(`only one of --${set.join(', --')} may be given`);
  const k = set[0];
  return k === undefined ? undefined : { kind: k.replace('-', '_') as EncryptionRule['kind'], value: v[k] ?? '' };
}

async function encrypt(job: Job): Promise<number> {
  const { v, sops } = job;
  const cfg = await loadConfig(job);
  const matchPath = resolve(job.ctx.cwd, v['filename-override'] ?? job.file);
  const rule =
    v.age === undefined ? (cfg ? sops.matchCreationRule(cfg.config, matchPath, cfg.dir) : undefined) : undefined;
  if (v.age === undefined && !rule) throw usageError('no recipients: pass --age or add a .sops.yaml creation rule');
  if (rule && rule.unsupportedKeys.length > 0)
    throw usageError(
      `the creation rule uses ${rule.unsupportedKeys.join(', ')} keys, which this command cannot encrypt to; use sops`,
    );
  const indent = v.indent === undefined ? cfg?.config.yamlIndent : Number(v.indent);
  if (indent !== undefined && (!Number.isInteger(indent) || indent < 2 || indent > 9))
    throw usageError('--indent must be an integer from 2 to 9');
  const input = job.format === 'binary' ? await readFile(job.file) : await readText(job.file);
  const encRule = ruleFromFlags(v) ?? rule?.rule;
  const out = await sops.encryptDocument(input, {
    format: job.format,
    keyGroups:
      v.age === undefined
        ? (rule?.keyGroups ?? [])
        : [
            v.age
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          ],
    shamirThreshold: rule?.shamirThreshold ?? 0,
    ...(encRule ? { rule: encRule } : {}),
    macOnlyEncrypted: v['mac-only-encrypted'] === true || rule?.macOnlyEncrypted === true,
    now: job.ctx.clock,
    random: cryptoRandom,
    layout: {
      ...(indent === undefined ? {} : { yamlIndent: indent }),
      ...(cfg?.config.jsonIndent === undefined ? {} : { jsonIndent: cfg.config.jsonIndent }),
    },
    file: job.file,
  });
  await deliver(job, out, false);
  return EXIT.OK;
}

async function set(job: Job, args: readonly string[]): Promise<number> {
  const [index, rawValue] = args;
  const path = keyPath(job, index, 'INDEX');
  if (!path) throw usageError('set needs FILE INDEX VALUE');
  const valueText =
    job.v['value-file'] === undefined ? rawValue : await readText(resolve(job.ctx.cwd, job.v['value-file']));
  if (valueText === undefined) throw usageError('set needs a VALUE (JSON) or --value-file');
  let value: unknown;
  try {
    value = JSON.parse(valueText);
  } catch {
    throw usageError('VALUE must be JSON, e.g. \'"text"\' or 42 (the value is not shown)');
  }
  const out = await job.sops.setValue(
    await readText(job.file),
    path,
    job.sops.fromPlain(value),
    await identities(job),
    { format: job.format, now: job.ctx.clock, random: cryptoRandom, file: job.file },
  );
  await writeFileAtomic(
    job.file,
    out,
    await stat(job.file).then(
      (s) => s.mode & 0o777,
      () => 0o644,
    ),
  );
  return EXIT.OK;
}

async function updatekeys(job: Job): Promise<number> {
  const cfg = await loadConfig(job);
  if (!cfg) throw usageError('updatekeys needs a .sops.yaml (or --config)');
  const rule = job.sops.matchCreationRule(
    cfg.config,
    resolve(job.ctx.cwd, job.v['filename-override'] ?? job.file),
    cfg.dir,
  );
  if (rule.unsupportedKeys.length > 0)
    throw usageError(
      `the creation rule uses ${rule.unsupportedKeys.join(', ')} keys, which this command cannot wrap; use sops`,
    );
  const res = await job.sops.updateKeys(await readText(job.file), {
    format: job.format,
    identities: await identities(job),
    keyGroups: rule.keyGroups,
    shamirThreshold: rule.shamirThreshold,
    random: cryptoRandom,
    file: job.file,
  });
  if (!res.changed) {
    job.ctx.stdout.write(`${job.file}: keys already up to date\n`);
    return EXIT.OK;
  }
  const summary = [...res.added.map((r) => `  + ${r}`), ...res.removed.map((r) => `  - ${r}`)].join('\n');
  job.ctx.stdout.write(`${job.file}: key changes\n${summary || '  (key groups or threshold)'}\n`);
  if (job.v.yes !== true) {
    job.ctx.stdout.write('not written: pass --yes to apply\n');
    return EXIT.FINDINGS;
  }
  await writeFileAtomic(
    job.file,
    res.text,
    await stat(job.file).then(
      (s) => s.mode & 0o777,
      () => 0o644,
    ),
  );
  job.ctx.stdout.write('written\n');
  return EXIT.OK;
}

async function rotate(job: Job): Promise<number> {
  const split = (xs: readonly string[] | undefined): string[] =>
    (xs ?? [])
      .flatMap((x) => x.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const out = await job.sops.rotateDataKey(await readText(job.file), {
    format: job.format,
    identities: await identities(job),
    now: job.ctx.clock,
    random: cryptoRandom,
    addRecipients: split(job.v['add-age']),
    removeRecipients: split(job.v['rm-age']),
    file: job.file,
  });
  await deliver(job, out, false);
  return EXIT.OK;
}

async function dispatch(job: Job, sub: string, extra: readonly string[]): Promise<number> {
  if (sub !== 'set' && extra.length > 0)
    throw usageError(`unexpected argument ${JSON.stringify(extra[0]?.slice(0, 40))}`);
  switch (sub) {
    case 'decrypt':
      return decrypt(job);
    case 'encrypt':
      return encrypt(job);
    case 'set':
      return set(job, extra);
    case 'updatekeys':
      return updatekeys(job);
    case 'rotate':
      return rotate(job);
    default:
      throw usageError(`unknown subcommand "${sub}" (expected decrypt, encrypt, set, updatekeys or rotate)`);
  }
}

async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.argv;
  if (sub === undefined) throw usageError('missing subcommand (decrypt, encrypt, set, updatekeys, rotate)');
  const { values: v, positionals } = parseCommandArgs(rest, OPTIONS);
  const [fileArg, ...extra] = positionals;
  if (fileArg === undefined) throw usageError('missing FILE');
  if (v['in-place'] === true && v.output !== undefined) throw usageError('--in-place and --output are exclusive');
  const sops = await import('@docugen-secrets/sops');
  const file = resolve(ctx.cwd, fileArg);
  const format = oneOf('input-type', v['input-type'], FORMATS, sops.formatFromPath(v['filename-override'] ?? file));
  // SOPS_* failures (a tampered value, no matching key …) reach main's exit table: exit 1.
  return dispatch({ ctx, sops, v, file, format }, sub, extra);
}

export const sopsCommand: Command = {
  name: 'sops',
  summary: 'Decrypt, encrypt, set, updatekeys and rotate SOPS/age files (sops-compatible)',
  help: HELP,
  run,
};
