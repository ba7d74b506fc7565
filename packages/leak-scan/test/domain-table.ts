import { ALNUM, BASE64, gen, HEX, WORD } from './gen.js';
import { hit, miss, type Row } from './table.js';

const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_NUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Tokens assembled at run time so that no literal of their shape sits in this file. */
const T = {
  npm: (): string => 'np' + 'm_' + gen(ALNUM, 36),
  azureStorage: (): string => gen(BASE64, 86) + '==',
  azureAd: (): string => gen(ALNUM, 3) + '8' + 'Q~' + gen(`${WORD}~.`, 32),
  hvs: (): string => 'hv' + 's.' + gen(WORD, 95),
  hvsLegacy: (): string => 's.' + gen(ALNUM, 20) + '1a2B',
  hvb: (): string => 'hv' + 'b.' + gen(WORD, 150),
  op1: (): string =>
    ['A' + '3', gen(UPPER_NUM, 6), gen(UPPER_NUM, 11), gen(UPPER_NUM, 5), gen(UPPER_NUM, 5), gen(UPPER_NUM, 5)].join(
      '-',
    ),
  op2: (): string =>
    [
      'A' + '3',
      gen(UPPER_NUM, 6),
      gen(UPPER_NUM, 6),
      gen(UPPER_NUM, 5),
      gen(UPPER_NUM, 5),
      gen(UPPER_NUM, 5),
      gen(UPPER_NUM, 5),
    ].join('-'),
  ops: (): string => 'op' + 's_eyJ' + gen(`${ALNUM}+/`, 300),
};

function k8s(value: string, kind = 'Secret', before = false): string {
  const head = `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: db\ntype: Opaque\n`;
  const data = `data:\n  password: ${value}\n`;
  return before ? `apiVersion: v1\n${data}kind: ${kind}\nmetadata:\n  name: db\n` : `${head}${data}`;
}

function serviceAccount(id: string): string {
  return JSON.stringify(
    {
      type: 'service_account',
      project_id: 'docugen-prod',
      private_key_id: id,
      client_email: 'sa@docugen-prod.iam.gserviceaccount.com',
    },
    null,
    2,
  );
}

/** Table rows for the rules this domain added (issue 13 item 16): gitleaks' semantics, gitleaks' own cases where it has them. */
export function domainTable(): Record<string, { hits: Row[]; misses: Row[] }> {
  const npm = T.npm();
  const az = T.azureStorage();
  const ad = T.azureAd();
  const hvs = T.hvs();
  const legacy = T.hvsLegacy();
  const hvb = T.hvb();
  const [op1, op2, ops] = [T.op1(), T.op2(), T.ops()];
  const b64 = Buffer.from(gen(ALNUM, 18)).toString('base64');
  const keyId = gen(HEX, 40);
  const tfPass = gen(LOWER_NUM, 14);
  const nuget = gen(ALNUM, 12) + '!#';
  const curlPass = gen(ALNUM, 14);
  const bearer = gen(WORD, 40);
  const pw = 'Xq7#' + gen(ALNUM, 6) + '$!' + gen(ALNUM, 4);
  const urlPw = 'Zr8!' + gen(ALNUM, 8) + '*%';
  return {
    'LEAK-password-assignment': {
      hits: [
        hit('yaml with symbols', `password: ${pw}`, pw),
        hit('env', `DB_PASSWORD="${pw}"`, pw),
        hit('json', `{"password": "${pw}"}`, pw),
        hit('connection string', `Server=db;User Id=sa;Password=${pw};`, pw),
        hit('xml element', `<password>${pw}</password>`, pw),
      ],
      misses: [
        miss('environment reference', 'password: ${DB_PASSWORD}'),
        miss('placeholder', 'password: changeme'),
        miss('angle placeholder', 'password: <password>'),
        miss('helm template', 'password: {{ .Values.db.password }}'),
        miss('code reference', 'password = process.env.DB_PASSWORD'),
        miss('setting about passwords', 'password_length: 32'),
        miss('AWS documented example key', 'password: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'),
      ],
    },
    'LEAK-url-credentials': {
      hits: [
        hit('postgres', `postgres://app:${urlPw}@db:5432/app`, urlPw),
        hit('redis without user', `redis://:${urlPw}@host:6379`, urlPw),
        hit('https', `https://user:${urlPw}@git.example.org/repo.git`, urlPw),
      ],
      misses: [
        miss('variable', 'postgres://app:${DB_PASSWORD}@db:5432/app'),
        miss('placeholder', 'mysql://user:password@localhost/db'),
        miss('no password', 'https://deploy@git.example.org/repo.git'),
        miss('stars', 'https://admin:*****@registry.example.com'),
      ],
    },
    'LEAK-npm-access-token': {
      hits: [
        hit('.npmrc auth token', `//registry.npmjs.org/:_authToken=${npm}`, npm),
        hit('env', `NPM_TOKEN="${npm}"`, npm),
      ],
      misses: [
        miss('too short', 'np' + 'm_' + gen(ALNUM, 20)),
        miss('low entropy', 'np' + 'm_' + 'a'.repeat(36)),
        miss('inside a word', `x${npm}`),
      ],
    },
    'LEAK-azure-storage-account-key': {
      hits: [
        hit(
          'connection string',
          `DefaultEndpointsProtocol=https;AccountName=docs;AccountKey=${az};EndpointSuffix=core.windows.net`,
          az,
        ),
        hit('env name', `AZURE_STORAGE_KEY=${az}`, az),
        hit('camel case json', `"storageAccountKey": "${az}"`, az),
      ],
      misses: [
        miss('86 characters without ==', `AccountKey=${gen(BASE64, 86)}`),
        miss('unrelated name', `checksum = ${T.azureStorage()}`),
        miss('low entropy', `AccountKey=${'A'.repeat(86)}==`),
      ],
    },
    'LEAK-azure-ad-client-secret': {
      hits: [
        hit('env', `AZURE_CLIENT_SECRET=${ad}`, ad),
        hit('json', `"clientSecret": "${ad}"`, ad),
        hit('in parentheses', `(${ad})`, ad),
      ],
      misses: [
        miss('tildes only', '~'.repeat(40)),
        miss('low entropy', `client_secret=bP88Q~${'x'.repeat(34)}`),
        miss('inside a URL path', `https://cdn.example.com/a${ad}b.png`),
      ],
    },
    'LEAK-vault-service-token': {
      hits: [hit('hvs token', `VAULT_TOKEN=${hvs}`, hvs), hit('legacy s. token', `token: ${legacy}`, legacy)],
      misses: [
        miss('low entropy', 'hv' + 's.' + 'x'.repeat(95)),
        miss('letters only legacy (camel/pascal case)', 's.AcceptanceTimeoutSeconds '),
        miss('word boundary', `credentials: new AWS.SharedIniFileCredentials({ profile: '<YOUR_PROFILE>' })`),
      ],
    },
    'LEAK-vault-batch-token': {
      hits: [hit('batch token', `token = "${hvb}"`, hvb)],
      misses: [miss('too short', 'hv' + 'b.' + gen(WORD, 100)), miss('low entropy', 'hv' + 'b.' + 'ab'.repeat(75))],
    },
    'LEAK-1password-secret-key': {
      hits: [
        hit('6-11-5-5-5 groups', `OP_SECRET_KEY=${op1}`, op1),
        hit('6-6-5-5-5-5 groups', `secret key: ${op2}`, op2),
      ],
      misses: [miss('low entropy', 'A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX'), miss('lower case', op1.toLowerCase())],
    },
    'LEAK-1password-service-account-token': {
      hits: [hit('export', `export OP_SERVICE_ACCOUNT_TOKEN=${ops}`, ops)],
      misses: [
        miss('redacted', 'op' + 's_eyJzaWduSW5B..[Redacted]'),
        miss('low entropy', 'op' + 's_eyJ' + 'x'.repeat(300)),
      ],
    },
    'LEAK-kubernetes-secret-yaml': {
      hits: [
        { ...hit('data after kind', k8s(b64), `password: ${b64}`), file: 'secret.yaml' },
        { ...hit('data before kind', k8s(b64, 'Secret', true), `password: ${b64}`), file: 'secret.yml' },
        { ...hit('quoted', k8s(`"${b64}"`), `password: "${b64}"`), file: 'k8s/db.yaml' },
      ],
      misses: [
        miss('not a YAML file', k8s(b64), 'secret.txt'),
        miss('ExternalSecret', k8s(b64, 'ExternalSecret'), 'es.yaml'),
        miss('empty value', k8s('""'), 'secret.yaml'),
        miss('helm template', k8s('{{ .Values.password | b64enc }}'), 'templates/secret.yaml'),
        miss('short value', k8s('YmFyCg=='), 'secret.yaml'),
      ],
    },
    'LEAK-gcp-service-account-key': {
      hits: [hit('key file', serviceAccount(keyId), keyId)],
      misses: [
        miss('not a service account', JSON.stringify({ type: 'authorized_user', private_key_id: gen(HEX, 40) })),
        miss('low entropy id', serviceAccount('0'.repeat(40))),
      ],
    },
    'LEAK-pkcs12-file': {
      hits: [
        { ...hit('.p12 by name', 'binary', ''), file: 'certs/client.p12' },
        { ...hit('.PFX by name', '', ''), file: 'deploy/site.PFX' },
      ],
      misses: [
        miss('other extension', 'binary', 'certs/client.pem'),
        miss('p12 in a folder name', 'x', 'a.p12/readme.md'),
      ],
    },
    'LEAK-hashicorp-tf-password': {
      hits: [
        { ...hit('azurerm sql server', `administrator_login_password = "${tfPass}"`, `"${tfPass}"`), file: 'main.tf' },
        { ...hit('hcl', `password       = "${tfPass}"`, `"${tfPass}"`), file: 'db.hcl' },
      ],
      misses: [
        miss('variable', 'administrator_login_password = var.db_password', 'main.tf'),
        miss('interpolation', 'password = "${aws_db_instance.default.password}"', 'db.hcl'),
        miss('not terraform', `password = "${tfPass}"`, 'unrelated.js'),
      ],
    },
    'LEAK-nuget-config-password': {
      hits: [
        {
          ...hit('cleartext password', `<add key="ClearTextPassword" value="${nuget}" />`, nuget),
          file: 'nuget.config',
        },
        { ...hit('password', `<add key="Password" value="${nuget}"/>`, nuget), file: 'src/NuGet.Config' },
      ],
      misses: [
        miss('environment variable', '<add key="ClearTextPassword" value="%FEED_PASSWORD%" />', 'nuget.config'),
        miss('documentation sample', '<add key="ClearTextPassword" value="33f!!lloppa" />', 'nuget.config'),
        miss('other file', `<add key="Password" value="${nuget}" />`, 'app.config'),
      ],
    },
    'LEAK-curl-auth-user': {
      hits: [
        hit(
          '-u user:pass',
          `curl --cacert ca.crt -u elastic:${curlPass} https://localhost:9200`,
          `elastic:${curlPass}`,
        ),
        hit('--user quoted', `curl -s --user 'api:${curlPass}' https://api.example.net/v2`, `'api:${curlPass}'`),
        hit(
          'continuation line',
          `curl -X POST https://svc/x \\\n  -H 'Content-type: text/plain' \\\n  -u developer:${curlPass}`,
          `developer:${curlPass}`,
        ),
      ],
      misses: [
        miss('test:test', "curl -i -u 'test:test'"),
        miss('variables', '   curl -sL --user "$1:$2" "$3" > "$4"'),
        miss('placeholder', 'curl -u <user:password> https://test.com/endpoint'),
        miss('no password', 'curl -u "myusername" http://localhost:15130/api/check_user/'),
        miss('command substitution', 'curl -X POST --user "$(cat ./login.txt):$(cat ./password.txt)"'),
      ],
    },
    'LEAK-curl-auth-header': {
      hits: [
        hit('bearer', `curl -X GET "https://api.example.com/v1" -H "Authorization: Bearer ${bearer}"`, bearer),
        hit('api key header', `curl -X POST --header "X-Api-Key: ${bearer}" https://svc`, bearer),
        hit(
          'continuation line',
          `curl https://api.example.com \\\n  -H "Content-Type: application/json" \\\n  -H "Authorization: Token ${bearer}" \\`,
          bearer,
        ),
      ],
      misses: [
        miss('placeholder', 'curl https://example.com -H "Authorization: Bearer XXXXXXXXXXXX"'),
        miss('variable', 'curl -H "Authorization: Bearer $API_KEY" https://x'),
        miss('no curl', `wget --header "Authorization: Bearer ${bearer}"`),
      ],
    },
  };
}
