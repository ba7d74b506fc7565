import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import {
  benchFigureProblems,
  parseBenchFigures,
  readSection,
  renderBenchFigures,
  renderCadenceLimits,
  renderPackageGraph,
  replaceSection,
} from '../src/index.js';

const PAGE = 'intro\n<!-- generated:x:begin (how) -->\nold\n<!-- generated:x:end -->\noutro\n';

describe('generated sections of hand-written pages', () => {
  it('replaces only the body between the markers, and reads it back', () => {
    const next = replaceSection(PAGE, 'x', 'new body', 'page.md');
    expect(next).toBe('intro\n<!-- generated:x:begin (how) -->\nnew body\n<!-- generated:x:end -->\noutro\n');
    expect(readSection(next, 'x')).toBe('new body\n');
    expect(replaceSection(next, 'x', 'new body\n', 'page.md')).toBe(next);
  });

  it('a page without the markers is DOCS_SECTION_MISSING, naming the file and section', () => {
    let err: unknown;
    try {
      replaceSection('no markers', 'x', 'b', 'page.md');
    } catch (e) {
      err = e;
    }
    expect(isDocugenError(err, 'DOCS_SECTION_MISSING')).toBe(true);
    expect((err as Error).message).toContain('page.md');
    expect(readSection('no markers', 'x')).toBeUndefined();
  });
});

describe('the package graph', () => {
  it('draws runtime dependencies between non-test packages and lists the allowed scopes', () => {
    const text = renderPackageGraph(
      [
        { name: '@docugen-secrets/core', dir: 'packages/core', scope: 'core', type: 'lib', deps: [] },
        {
          name: '@docugen-secrets/cli',
          dir: 'packages/cli',
          scope: 'cli',
          type: 'app',
          deps: ['@docugen-secrets/core', 'yaml'],
        },
        {
          name: '@docugen-secrets/test-support',
          dir: 'packages/test-support',
          scope: 'test',
          type: 'test',
          deps: ['@docugen-secrets/core'],
        },
      ],
      { core: [], cli: ['core'], test: ['core'] },
    );
    expect(text).toContain('```mermaid\nflowchart BT');
    expect(text).toContain('  cli --> core');
    expect(text).not.toContain('test_support');
    expect(text).not.toContain('yaml');
    expect(text).toContain('| `cli` | cli | `core` |');
    expect(text).toContain('| `core` | core | (nothing but itself) |');
  });
});

describe('NFR5 table and benchmark figures', () => {
  it('orders classifications from strictest to the cap', () => {
    expect(renderCadenceLimits({ any: 'P365D', high: 'P90D', critical: 'P30D' })).toBe(
      '| classification | maximum cadence |\n| --- | --- |\n| critical | P30D |\n| high | P90D |\n| any | P365D |',
    );
  });

  it('renders and parses the figures, and finds added or removed benchmark scripts', () => {
    const runs = [
      {
        script: 'b/bench/x.bench.mjs',
        ratios: ['x vs y: 1.10x (target <= 1.5x) PASS', 'a|b: 2.00x (target >= 1x) PASS'],
      },
      { script: 'a/bench/z.bench.mjs', ratios: [] },
    ];
    const section = renderBenchFigures(runs, { date: '2026-12-03', node: '20.20.2', cpus: '2 × test' });
    expect(section).toContain('Measured 2026-12-03 with Node 20.20.2');
    expect(parseBenchFigures(section)).toEqual([{ script: 'a/bench/z.bench.mjs', ratios: [] }, runs[0]]);
    expect(benchFigureProblems(section, ['a/bench/z.bench.mjs', 'b/bench/x.bench.mjs'])).toEqual([]);
    expect(benchFigureProblems(section, ['b/bench/x.bench.mjs', 'c/bench/new.bench.mjs'])).toEqual([
      'no figures for c/bench/new.bench.mjs',
      'figures for a/bench/z.bench.mjs, which no longer exists',
    ]);
    expect(benchFigureProblems('', [])).toEqual(['the performance table is missing']);
  });
});
