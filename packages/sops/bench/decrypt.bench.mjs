// Benchmarks for @docugen-secrets/sops (run by `npm run bench` after the build):
//  1. decrypting a generated 1,000-value YAML file: this package (MAC verified) vs sops-age (no MAC check);
//  2. a whole `docugen-secrets sops decrypt` process vs an empty `node -e ''`;
//  3. encrypting the same document vs a plain `yaml` parse + stringify of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cryptoRandom } from '@docugen-secrets/core';
import { decryptText, encryptDocument, generateAgeIdentity, parseIdentities } from '@docugen-secrets/sops';
import { decryptSops } from 'sops-age';
import YAML from 'yaml';
import { compare, compareProcesses, printTable, ratioOf } from '../../../tools/bench-lib.mjs';

// A throw-away identity made for this run (no key material lives in the repository).
const { identity: SECRET, recipient: RECIPIENT } = await generateAgeIdentity();

/** 1,000 values: 100 services × (8 scalars of mixed types + a 2-item list). */
function plaintextYaml() {
  const lines = ['services:'];
  for (let s = 0; s < 100; s++) {
    const id = String(s).padStart(3, '0');
    lines.push(
      `    svc-${id}:`,
      `        db_password: "p@ss-${id}-${'x'.repeat(24)}"`,
      `        api_token: tok_${id}_${'a1b2c3d4'.repeat(4)}`,
      `        url: https://svc-${id}.internal.example:8443/v1`,
      `        port: ${8000 + s}`,
      `        ratio: ${(s / 7).toFixed(4)}`,
      `        enabled: ${s % 2 === 0}`,
      `        owner: team-${s % 9}`,
      `        note: |`,
      `            multi-line ${id}`,
      `            second line`,
      `        hosts:`,
      `            - host-${id}-a`,
      `            - host-${id}-b`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const plain = plaintextYaml();
const encrypted = await encryptDocument(plain, {
  format: 'yaml',
  recipients: [RECIPIENT],
  now: new Date(),
  random: cryptoRandom,
});
const check = await decryptText(encrypted, { format: 'yaml', identities: await parseIdentities(SECRET, 'bench') });
const values = (encrypted.match(/ENC\[AES256_GCM/g) ?? []).length - 1;
console.log(
  `generated YAML: ${values} encrypted values, ${encrypted.length} bytes, ${check.documents.length} document`,
);

console.log('\n1. decrypt 1,000-value YAML in-process (median of alternating rounds)');
const dec = await compare(
  {
    'this package (MAC verified)': async () =>
      decryptText(encrypted, { format: 'yaml', identities: await parseIdentities(SECRET, 'bench') }),
    'sops-age 4.0.2 (no MAC check)': async () => decryptSops(encrypted, { fileType: 'yaml', secretKey: SECRET }),
  },
  { rounds: 15, warmup: 3 },
);
printTable(dec);
ratioOf(
  'sops decrypt 1,000-value YAML: sops-age time / this package',
  dec['this package (MAC verified)'],
  dec['sops-age 4.0.2 (no MAC check)'],
  '>=',
  4,
);

console.log('\n2. whole process: docugen-secrets sops decrypt vs node -e ""');
const dir = mkdtempSync(join(tmpdir(), 'sops-bench-'));
try {
  const file = join(dir, 'secrets.enc.yaml');
  const keyFile = join(dir, 'keys.txt');
  writeFileSync(file, encrypted);
  writeFileSync(keyFile, `${SECRET}\n`, { mode: 0o600 });
  process.env.SOPS_AGE_KEY_FILE = keyFile;
  process.env.XDG_CONFIG_HOME = dir;
  const cli = resolve('packages/cli/bin/docugen-secrets.js');
  const proc = await compareProcesses({
    'docugen-secrets sops decrypt (1,000 values)': [process.execPath, cli, 'sops', 'decrypt', file],
    "node -e ''": [process.execPath, '-e', ''],
  });
  printTable(proc);
  ratioOf(
    'sops decrypt process / empty node start',
    proc['docugen-secrets sops decrypt (1,000 values)'],
    proc["node -e ''"],
    '<=',
    2,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log('\n3. encrypt the same document vs yaml parse + stringify');
const enc = await compare(
  {
    'this package: encryptDocument': async () =>
      encryptDocument(plain, { format: 'yaml', recipients: [RECIPIENT], now: new Date(), random: cryptoRandom }),
    'yaml 2.x: parse + stringify': async () => YAML.stringify(YAML.parse(plain)),
  },
  { rounds: 15, warmup: 3 },
);
printTable(enc);
ratioOf(
  'sops encrypt / yaml parse+stringify',
  enc['this package: encryptDocument'],
  enc['yaml 2.x: parse + stringify'],
  '<=',
  2,
);
