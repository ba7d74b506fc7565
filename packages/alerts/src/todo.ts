import type { SecretManifest } from '@docugen-secrets/manifest';
import { sanitizeId } from './sanitize.js';
import type { AlertKind } from './types.js';

/** The workflow on-call runs by hand (`workflow_dispatch`) when a command line is not at hand. */
export const ROTATE_WORKFLOW = 'rotate-secrets.yml';

/** The exact next step for on-call, as markdown: a command, a workflow dispatch, the manual procedure. */
export function todoOf(m: SecretManifest, kind: AlertKind, failedStep: string | undefined): string {
  const id = sanitizeId(m.id);
  const rotate = `\`docugen-secrets rotate --secret ${id}\` (or run the \`${ROTATE_WORKFLOW}\` workflow with \`workflow_dispatch\`, input \`secret: ${id}\`)`;
  const procedure = m.rotation.kind === 'manual' ? m.rotation.procedure : m.runbook;
  switch (kind) {
    case 'expiring':
    case 'overdue':
      return `Rotate it: ${rotate}.`;
    case 'expired':
      return m.rotation.kind === 'manual'
        ? `Rotate it by hand now, following \`${procedure}\`, then update the manifest's expiry.`
        : `Rotate it now: ${rotate}. If the value may have been exposed, rotate with \`--emergency --reason "..."\`.`;
    case 'manual-rotation-needed':
      return `Rotate it by hand following \`${procedure}\`, then update the manifest (expiry.notAfter) in a pull request.`;
    case 'rotation-failed':
      return `Open the run, fix the cause${failedStep ? ` of the failed \`${failedStep}\` step` : ''}, then rerun: ${rotate} — it resumes where it stopped.`;
    case 'drift':
      return `Compare the store with the manifest (\`docugen-secrets plan --secret ${id}\`) and fix whichever is wrong.`;
  }
}
