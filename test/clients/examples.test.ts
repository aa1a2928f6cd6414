// The examples/ scripts run as a user runs them (tsx, SUBTENSOR_WS pointing at a node producing 50 ms blocks to keep it quick) and
// print what the chain holds (generous timeouts: they spawn tsx, which is slow on a loaded 2-core machine): the registration cost, the subnets, and a metagraph in which the miner the validator
// scored earned incentive and the validator the dividends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode, type NodeHandle } from '../../node/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// One chain per example (02 spends Alice's TAO, 01 prints her genesis balance); the two run concurrently.
const nodes: NodeHandle[] = [];
beforeAll(async () => { for (let i = 0; i < 2; i++) nodes.push(await startNode({ port: 0, tmp: true, logLevel: 'silent', blockTimeMs: 50 })); });
afterAll(async () => { for (const n of nodes) await n.stop(); });

function runExample(file: string, node: NodeHandle): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'examples', file)], {
      cwd: repoRoot, env: { ...process.env, SUBTENSOR_WS: node.url }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    child.on('exit', code => resolve({ code, stdout, stderr }));
  });
}

describe.concurrent('examples/', () => {
  it('01-connect prints the chain, Alice\'s balance, the 1000 TAO subnet cost and the genesis subnets', async () => {
    const r = await runExample('01-connect.ts', nodes[0]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Bittensor — node-subtensor spec 425');
    expect(r.stdout).toContain('50 ms blocks');
    expect(r.stdout).toContain('1000000 TAO free');
    expect(r.stdout).toContain('Registering a subnet costs 1000 TAO');
    expect(r.stdout).toMatch(/netuid 0: tempo \d+/);
    expect(r.stdout).toMatch(/netuid 1: tempo \d+, pool 10 TAO \/ 10 α, price 1\.000000 TAO\/α/);
  }, 180_000);

  it('02-subnet-lifecycle creates a subnet, and after the epoch the miner has incentive 1 and the validator dividends 1', async () => {
    const r = await runExample('02-subnet-lifecycle.ts', nodes[1]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/subnet 2 created/);
    const rows = r.stdout.split('\n').filter(l => /^\d+\s+5[1-9A-HJ-NP-Za-km-z]{47}\s/.test(l)).map(l => l.trim().split(/\s+/));
    expect(rows.length).toBe(2);
    const [validator, miner] = rows; // uid 0 = owner hotkey (validator), uid 1 = miner
    // One validator weighting one miner: incentive 1 for the miner, dividends 1 and validator trust 1 for her.
    expect(miner[3]).toBe('1.000');
    expect(validator[4]).toBe('1.000');
    expect(validator[5]).toBe('1.000');
    expect(validator[6]).toBe('true');
  }, 240_000);
});
