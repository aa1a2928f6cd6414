// The bundled node (`npm run build:node`, what `npm start` runs): its start-up loads only what `dev` needs, and it
// prints nothing on stderr. The explorer's @polkadot/api client once sat in the start-up bundle: @polkadot/api from
// node_modules next to bundled copies of @polkadot/util made every start print 30 lines of "multiple versions"
// warnings and cost a second of loading.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, spawnDev } from '../helpers/crash_loop.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every module a bundle file loads before it runs: its static imports, followed through the bundle's own chunks. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  const src = fs.readFileSync(file, 'utf8');
  // Static import/export-from statements only (dynamic `import("…")` is what splitting leaves lazy).
  for (const m of src.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)";|^import\s*"([^"]+)";/gms)) {
    const spec = m[1] ?? m[2];
    if (seen.has(spec)) continue;
    seen.add(spec);
    if (spec.startsWith('./')) staticImports(path.join(path.dirname(file), spec), seen);
  }
  return seen;
}

describe('the bundled node', () => {
  let entry: string;
  beforeAll(() => { entry = buildCliBundle('bundle-test'); });
  afterAll(() => fs.rmSync(path.resolve(path.dirname(entry), '../..'), { recursive: true, force: true }));

  it('does not load @polkadot/api at start-up (only the explorer does, on its first data request)', () => {
    const loaded = staticImports(entry);
    expect(loaded.size).toBeGreaterThan(0);
    expect([...loaded].filter(s => s.startsWith('@polkadot/api'))).toEqual([]);
    // And the explorer's client is still in the bundle, behind a dynamic import.
    const all = fs.readdirSync(path.dirname(entry)).map(f => path.join(path.dirname(entry), f)).filter(f => f.endsWith('.mjs'));
    expect(all.some(f => /from\s*"@polkadot\/api"/.test(fs.readFileSync(f, 'utf8')))).toBe(true);
  });

  it('starts with an empty stderr, and the explorer still answers from the lazily loaded client', async () => {
    const node = await spawnDev(entry, ['--tmp', '--manual']);
    try {
      const res = await fetch(`${node.httpUrl}/api/subnets`);
      expect(res.status).toBe(200);
      const subnets = await res.json() as { netuid: number }[];
      expect(subnets.map(s => s.netuid)).toContain(0);
      await new Promise(r => setTimeout(r, 200));
      expect(node.stderr()).toBe('');
    } finally {
      const exit = new Promise(r => node.proc.once('exit', r));
      node.proc.kill('SIGTERM');
      await exit;
    }
  }, 60_000);
});

// `npm start` runs scripts/build-stale.mjs first: a build whose output is newer than all its inputs is skipped (the
// WebAssembly build alone takes ~5 s), so a second start goes straight to the node.
describe('npm start\'s build step', () => {
  it('skips a build whose output is up to date (`npm test` has just built build/epoch.wasm) and rejects unknown names', () => {
    const wasm = path.join(repoRoot, 'build/epoch.wasm');
    const before = fs.statSync(wasm).mtimeMs;
    // Run directly by vitest (no pretest) after an edit, the wasm is stale: say so rather than rebuild it under the
    // other tests' feet.
    const newestAssembly = Math.max(...fs.readdirSync(path.join(repoRoot, 'assembly'), { recursive: true, withFileTypes: true })
      .filter(e => e.isFile()).map(e => fs.statSync(path.join(e.parentPath ?? (e as any).path, e.name)).mtimeMs));
    if (newestAssembly > before) throw new Error('build/epoch.wasm is older than assembly/: run `npm run build:wasm` (npm test does)');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['scripts/build-stale.mjs', 'wasm'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(performance.now() - t0).toBeLessThan(4_000); // asc alone takes longer than that
    expect(fs.statSync(wasm).mtimeMs).toBe(before);
    const bad = spawnSync(process.execPath, ['scripts/build-stale.mjs', 'nonsense'], { cwd: repoRoot, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown build "nonsense"');
  });
});
