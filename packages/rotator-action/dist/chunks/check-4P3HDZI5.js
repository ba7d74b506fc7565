import { createRequire as __dgsCreateRequire } from 'node:module'; import { dirname as __dgsDirname } from 'node:path'; import { fileURLToPath as __dgsFileURLToPath } from 'node:url'; const require = __dgsCreateRequire(import.meta.url); const __filename = __dgsFileURLToPath(import.meta.url); const __dirname = __dgsDirname(__filename);
import{a as d,b as g,c as f,d as y,e as l,f as w}from"./chunk-VHO27ZTY.js";import{n as p}from"./chunk-SYA73TQW.js";import{a}from"./chunk-PADLN4GG.js";import{access as k,appendFile as C}from"node:fs/promises";import{resolve as u}from"node:path";var E=`Usage: docugen-secrets check [paths...] [options]

Validates secret manifests (files or folders of *.yaml) against the manifest
schema and DocuGen's policies (policies/: rules as code, config.yaml,
waivers.yaml, teams.yaml) and reports every problem with file:line:col and a
stable code (MANIFEST_* for the schema, SM001\u2026 for policies: docs/policies/).

Options:
  --format FORMAT    output on stdout: text (default; colour on a terminal), json,
                     sarif (SARIF 2.1.0), github (workflow annotations, capped at
                     GitHub's per-step limit) or summary (markdown job summary)
  --sarif FILE       also write the SARIF 2.1.0 report to FILE
  --summary FILE     also append the markdown summary to FILE, e.g.
                     --summary "$GITHUB_STEP_SUMMARY" (lists what annotations could not)
  --fail-on LEVEL    error or warning: the lowest severity that fails the check
                     after waivers (default: failOn in policies/config.yaml, else error)
  --changed BASE     re-check only the manifests changed since git revision BASE
                     (committed, staged, unstaged or untracked); cross-manifest rules
                     still see every manifest. A change under policies/ or to
                     .github/CODEOWNERS makes it a full check. Facts of unchanged
                     manifests are cached by content in the git dir
                     (docugen-secrets/facts-v2.json; safe to delete).
  --policies DIR     the policies folder (default: policies/ in the working directory
                     or its nearest parent that has policies/config.yaml; when there
                     is none, only the schema is checked)
  -h, --help         show this help

Paths default to secrets-manifests/.
Waivers (policies/waivers.yaml) accept a rule's findings for a secret until a
date; reports show the verdict without and with them.
${w("a finding at or above --fail-on remains after waivers")}
`,v={name:"docugen-secrets",version:"0.1.0",informationUri:"https://github.com/docugen/docugen-secrets"},b=["text","json","sarif","github","summary"];function F(t,e){let o=[];return t.policiesDir===void 0&&o.push("note: no policies/config.yaml in this folder or above it: schema checks only (use --policies DIR)"),e!==void 0&&t.changed&&o.push(t.changed.fullCheckReason?`note: full check: ${t.changed.fullCheckReason}`:`note: ${t.changed.files} manifest(s) changed since ${e}`),o.length>0?`${o.join(`
`)}
`:""}a(F,"notes");function S(t,e,o,n){let{report:i,rules:c}=o;switch(e){case"text":return{stdout:t.formatText(i,{color:n.isTTY}),overflow:0};case"json":return{stdout:t.formatJson(i),overflow:0};case"sarif":return{stdout:t.formatSarif(i,c,v),overflow:0};case"github":{let s=t.formatGithubAnnotations(i);return{stdout:s.text,overflow:s.overflow.length}}case"summary":return{stdout:t.formatMarkdownSummary(i,c),overflow:0}}}a(S,"render");async function O(t,e,o,n,i){n.sarif!==void 0&&await p(u(e.cwd,n.sarif),t.formatSarif(o.report,o.rules,v)),n.summary!==void 0&&await C(u(e.cwd,n.summary),t.formatMarkdownSummary(o.report,o.rules,{overflow:i}))}a(O,"writeExtras");async function A(t){let{values:e,positionals:o}=g(t.argv,{format:{type:"string"},sarif:{type:"string"},summary:{type:"string"},"fail-on":{type:"string"},changed:{type:"string"},policies:{type:"string"}}),n=f("format",e.format,b,"text"),i=e["fail-on"]===void 0?void 0:f("fail-on",e["fail-on"],["error","warning"],"error");if(e.changed!==void 0&&(e.changed.trim()===""||e.changed.startsWith("-")))throw d("--changed needs a git revision (e.g. --changed origin/main)");let c=o.length>0?o:["secrets-manifests"];e.policies!==void 0&&await k(u(t.cwd,e.policies,"config.yaml")).catch(()=>{throw d(`--policies ${e.policies}: no config.yaml there`)});let[s,h]=await Promise.all([import("./src-RQJXTSXP.js"),import("./src-KSQN7N75.js")]),r=await s.runCheck({paths:c,cwd:t.cwd,now:t.clock.now(),...e.policies===void 0?{}:{policiesDir:e.policies},...i===void 0?{}:{failOn:i},...e.changed===void 0?{}:{changedSince:e.changed,git:s.gitCli(t.cwd),factsCache:s.fileFactsCacheStore}});await y(r.pathProblems);let m=S(h,n,r,t);return t.stdout.write(n==="text"?`${F(r,e.changed)}${m.stdout}`:m.stdout),await O(h,t,r,{sarif:e.sarif,summary:e.summary},m.overflow),r.report.summary.verdict==="fail"?l.FINDINGS:l.OK}a(A,"run");var D={name:"check",summary:"Validate secret manifests (schema and policies)",help:E,run:A};export{D as checkCommand};
