import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComplianceReport, formatHtml } from '../src/index.js';
import { chained, daysAgo, described, finished, manifest, NOW } from './fixtures.js';

/** Debian's chromium, which .ci/run installs; the test says it is skipped (and why) where it is absent. */
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IDS = ['api-key', 'db-password', 'hmac-key', 'manual-token', 'missing-one', 'signing-key'];

function page(): string {
  const audit = chained([
    ...finished('api-key', daysAgo(300), { initial: true }),
    ...finished('api-key', daysAgo(200)),
    ...finished('api-key', daysAgo(100), { emergency: 'INC-42 <leak>' }),
    ...finished('db-password', daysAgo(50)),
    ...finished('hmac-key', daysAgo(10)),
    ...finished('manual-token', daysAgo(80), { manual: true }),
    ...finished('signing-key', daysAgo(5)),
  ]);
  const ages: Record<string, number | undefined> = {
    'api-key': 100,
    'db-password': 50,
    'hmac-key': 10,
    'manual-token': 80,
    'missing-one': undefined,
    'signing-key': 5,
  };
  return formatHtml(
    buildComplianceReport({
      now: NOW,
      manifests: IDS.map((id) =>
        manifest(id, {
          classification: id === 'manual-token' ? 'high' : 'critical',
          ...(id === 'manual-token' ? { manual: true } : {}),
        }),
      ),
      audit,
      auditVerified: true,
      descriptions: new Map(
        IDS.map((id) => [id, described(id, ages[id] === undefined ? undefined : daysAgo(ages[id]))]),
      ),
      maxCadence: { critical: 'P30D', high: 'P90D', any: 'P365D' },
      waivers: [
        { rule: 'SM010', secret: 'manual-token', reason: 'vendor portal only', owner: '@k', expires: '2027-06-30' },
      ],
      alerts: [{ secretId: 'api-key', kind: 'overdue', id: '3' }],
      sources: ['test fixture'],
    }),
  );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-browser-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the HTML report in a real headless browser', { timeout: 120_000 }, () => {
  it.skipIf(!HAVE_CHROMIUM)(
    `renders without console errors or network requests, shows every secret, one bar per secret, and a screenshot is taken${HAVE_CHROMIUM ? '' : ` — SKIPPED: ${CHROMIUM} is absent (apt-get install chromium; .ci/run installs it)`}`,
    async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-background-networking'],
        timeout: 90_000,
      });
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        const tab = await context.newPage();
        const problems: string[] = [];
        const requests: string[] = [];
        tab.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
        });
        tab.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        tab.on('request', (r) => requests.push(r.url()));
        await context.route('**/*', async (route) => {
          requests.push(`routed ${route.request().url()}`);
          await route.abort();
        });
        await tab.setContent(page(), { waitUntil: 'load', timeout: 60_000 });

        for (const id of IDS) {
          await expect.poll(() => tab.locator(`#secrets tbody tr[data-secret="${id}"]`).count()).toBe(1);
          expect(await tab.locator(`#secrets tbody tr[data-secret="${id}"] td`).first().innerText()).toBe(id);
        }
        const bars = tab.locator('#age-chart rect.bar');
        expect(await bars.count()).toBe(IDS.length);
        expect(
          await bars.evaluateAll((els: readonly { getAttribute(name: string): string | null }[]) =>
            els.map((e) => e.getAttribute('data-secret')),
          ),
        ).toEqual(IDS);
        const widths = await bars.evaluateAll((els: readonly { getBoundingClientRect(): { width: number } }[]) =>
          els.map((e) => e.getBoundingClientRect().width),
        );
        for (const width of widths) expect(width).toBeGreaterThan(0);
        // The inline stylesheet applied under the page's CSP (its hash matches): overdue bars are red.
        const fill = await tab
          .locator('#age-chart rect.bar.overdue')
          .first()
          .evaluate(
            (e) =>
              (globalThis as unknown as { getComputedStyle: (el: unknown) => { fill: string } }).getComputedStyle(e)
                .fill,
          );
        expect(fill).toBe('rgb(207, 34, 46)');
        expect(await tab.locator('#timeline circle.mark').count()).toBe(7);
        expect(await tab.locator('#timeline circle.mark.emergency title').textContent()).toContain('INC-42 <leak>');

        const shot = join(dir, 'report.png');
        await tab.screenshot({ path: shot, fullPage: true });
        expect((await stat(shot)).size).toBeGreaterThan(1000);
        expect(problems).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
