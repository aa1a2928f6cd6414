// --chain and build-spec: a node started from Bittensor testnet's published raw chain spec has testnet's real
// genesis hash and serves that state; its storage layout is an older runtime's, so block building is refused with
// the items named. Our own spec (build-spec, plain or raw) round-trips to the same genesis as `dev`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startNode, defaultRuntime, NODE_INFO, type NodeHandle } from '../../node/index.ts';
import { buildChainSpec, readChainSpec } from '../../node/chain_spec.ts';
import { RawWs } from './helpers.ts';
import { TESTFINNEY_RAW_SPEC_GZ_PATH, SUBSTRATE_TRIE_VECTORS_PATH } from '../fixtures/paths.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const vectors = JSON.parse(fs.readFileSync(SUBSTRATE_TRIE_VECTORS_PATH, 'utf8'));
const testfinney = JSON.parse(zlib.gunzipSync(fs.readFileSync(TESTFINNEY_RAW_SPEC_GZ_PATH)).toString('utf8'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chain-spec-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function withNode<T>(opts: Parameters<typeof startNode>[0], fn: (ws: RawWs, node: NodeHandle) => Promise<T>): Promise<T> {
  const node = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'silent', ...opts });
  const ws = await RawWs.connect(node.url);
  try { return await fn(ws, node); } finally { ws.close(); await node.stop(); }
}

describe('--chain raw_spec_testfinney.json', () => {
  it('has testnet\'s published genesis hash, name and properties, and serves the spec\'s storage', async () => {
    await withNode({ chainSpec: TESTFINNEY_RAW_SPEC_GZ_PATH }, async ws => {
      const genesis = await ws.call('chain_getBlockHash', [0]);
      expect(genesis).toBe(vectors.genesisHashes.test);
      expect(await ws.call('chainSpec_v1_genesisHash', [])).toBe(vectors.genesisHashes.test);
      expect(await ws.call('system_chain', [])).toBe(testfinney.name);
      expect(await ws.call('system_properties', [])).toEqual(testfinney.properties);
      const top: Record<string, string> = testfinney.genesis.raw.top;
      const keys = Object.keys(top).sort();
      expect(await ws.call('state_getKeys', ['0x', genesis])).toEqual(keys);
      for (const k of keys.slice(0, 10)) expect(await ws.call('state_getStorage', [k, genesis])).toBe(top[k]);
    });
  });

  it('refuses to build blocks, naming the items whose layout differs from spec 425', async () => {
    await withNode({ chainSpec: TESTFINNEY_RAW_SPEC_GZ_PATH }, async (ws, node) => {
      expect(node.producer.mode).toBe('manual');
      const err = await ws.call('dev_newBlock', [{ count: 1 }]).then(() => null, (e: Error) => e.message);
      // AccountInfo there is 48 bytes (pre-`flags` AccountData); spec 425's is 56.
      expect(err).toMatch(/System\.Account: value \(48 bytes\) does not decode/);
      expect(err).toMatch(/SubtensorModule: item 0x[0-9a-f]{32} is not a storage item/);
      expect(await ws.call('chain_getHeader', [])).toMatchObject({ number: '0x0' });
    });
  });
});

describe('build-spec', () => {
  let devGenesis: string;
  beforeAll(async () => {
    devGenesis = await withNode({ drand: { kind: 'dev' } }, ws => ws.call('chain_getBlockHash', [0]));
  });

  it('--raw: a node started from it has the dev chain\'s genesis, state and a working runtime', async () => {
    const runtime = await defaultRuntime(250);
    const spec: any = await buildChainSpec(runtime, NODE_INFO, { raw: true, drandBeacon: 'dev' });
    const file = path.join(dir, 'raw.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    expect(spec.genesis.raw.top['0x3a636f6465']).toBeDefined();
    await withNode({ chainSpec: file }, async (ws, node) => {
      expect(await ws.call('chain_getBlockHash', [0])).toBe(devGenesis);
      const pairs: [string, string][] = await ws.call('state_getPairs', ['0x', devGenesis]);
      expect(Object.fromEntries(pairs)).toEqual(spec.genesis.raw.top);
      expect(node.chain.blockRefusal).toBeNull();
      await ws.call('dev_newBlock', [{ count: 2 }]);
      expect((await ws.call('chain_getHeader', [])).number).toBe('0x2');
    });
  });

  it('plain: starts the same genesis, and converts to the same raw spec', async () => {
    const runtime = await defaultRuntime(250);
    const plain: any = await buildChainSpec(runtime, NODE_INFO, { raw: false, drandBeacon: 'dev' });
    expect(plain.genesis.runtimeGenesis.patch.drandBeacon).toBe('dev');
    const file = path.join(dir, 'plain.json');
    fs.writeFileSync(file, JSON.stringify(plain));
    expect(readChainSpec(file).genesis.kind).toBe('plain');
    const converted = await buildChainSpec(runtime, NODE_INFO, { raw: true, drandBeacon: 'quicknet', from: file });
    expect(converted).toEqual(await buildChainSpec(runtime, NODE_INFO, { raw: true, drandBeacon: 'dev' }));
    await withNode({ chainSpec: file }, async ws => {
      expect(await ws.call('chain_getBlockHash', [0])).toBe(devGenesis);
    });
  });

  it('the CLI writes the raw spec to stdout', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'node/cli.ts', 'build-spec', '--raw'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const spec = JSON.parse(r.stdout);
    expect(spec.name).toBe('Bittensor');
    expect(Object.keys(spec.genesis.raw.top).length).toBeGreaterThan(40);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'node/cli.ts', 'build-spec', '--chain', TESTFINNEY_RAW_SPEC_GZ_PATH], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/raw spec/);
  }, 180_000);
});
