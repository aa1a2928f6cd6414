// SubtensorModule's imports flow one way: the call/hook modules import the declared items (pallet.ts), index.ts
// composes the pallet from them, and nothing in the folder imports index.ts or closes a circle.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGraph, findCycles } from './import_graph.ts';

const SUBTENSOR = fileURLToPath(new URL('../../runtime/pallets/subtensor', import.meta.url));

describe('import graph', () => {
  it('finds a circle, and only a circle, in a small tree (the walker can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imports-'));
    try {
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'index.ts'), "import { b } from './sub/b.ts';\nexport const a = 1;\n");
      writeFileSync(join(dir, 'sub/b.ts'), "// import { a } from '../index.ts';\nexport { c } from './c.ts';\nexport const b = 2;\n");
      writeFileSync(join(dir, 'sub/c.ts'), "import type { a } from '../index.ts';\nexport const c = 3;\n");
      const g = importGraph(dir);
      expect(g.get('index.ts')).toEqual(['sub/b.ts']);
      expect(g.get('sub/b.ts')).toEqual(['sub/c.ts']); // the commented-out import is not an edge
      expect(findCycles(g)).toEqual([['index.ts', 'sub/b.ts', 'sub/c.ts', 'index.ts']]);
      writeFileSync(join(dir, 'sub/c.ts'), "import { x } from 'node:fs';\nexport const c = 3;\n");
      expect(findCycles(importGraph(dir))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no module of pallets/subtensor imports its index.ts', () => {
    const g = importGraph(SUBTENSOR);
    expect(g.size).toBeGreaterThan(30);
    expect([...g].filter(([, targets]) => targets.includes('index.ts')).map(([file]) => file)).toEqual([]);
    // index.ts composes the pallet from the declared items and the call modules.
    expect(g.get('index.ts')).toEqual(expect.arrayContaining(['pallet.ts', 'staking/calls.ts', 'subnets/calls.ts']));
  });

  it('pallets/subtensor has no import circle', () => {
    expect(findCycles(importGraph(SUBTENSOR))).toEqual([]);
  });
});
