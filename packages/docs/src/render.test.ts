import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '@docugen-secrets/manifest';
import { renderSecretsReference } from './index.js';

const root = join(import.meta.dirname, '../../..');

describe('secrets reference', () => {
  it('docs/secrets.md is in sync with secrets-manifests/ (run `npx docugen-secrets docs` to fix)', async () => {
    const r = await loadManifests(['secrets-manifests'], { cwd: root });
    const text = `${renderSecretsReference(r.manifests.flatMap((m) => (m.manifest ? [m.manifest] : [])))}\n`;
    expect(readFileSync(join(root, 'docs/secrets.md'), 'utf8')).toBe(text);
  });

  it('lists every secret with owner, cadence and runbook', async () => {
    const r = await loadManifests(['secrets-manifests'], { cwd: root });
    const text = renderSecretsReference(r.manifests.flatMap((m) => (m.manifest ? [m.manifest] : [])));
    for (const m of r.manifests) {
      expect(text).toContain(`### ${m.manifest?.id ?? 'missing'}`);
      expect(text).toContain(`(${(m.manifest?.runbook ?? '').replace(/^docs\//, '')})`);
    }
    expect(text).toContain(
      '| [document-storage-s3-access-key](#document-storage-s3-access-key) | critical | production | `storage-platform` | @docugen/storage-oncall |',
    );
  });
});
