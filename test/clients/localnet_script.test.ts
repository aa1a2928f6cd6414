// scripts/localnet.sh as the SDK's legacy e2e runner uses it (USE_DOCKER=0 LOCALNET_SH_PATH=…; clients.md §2.6):
// started in its own process group with the fast-blocks argument, ready when stdout shows `Imported #1`, serving the
// same chain on both RPC ports (9944/9945 when free, else LOCALNET_PORTS), and gone once the group is killed.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(repoRoot, 'scripts/localnet.sh');

const portFree = (port: number) => new Promise<boolean>(res => {
  const s = createServer();
  s.once('error', () => res(false));
  s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
});
const freePort = () => new Promise<number>(res => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as any).port; s.close(() => res(p)); });
});

async function rpc(port: number, method: string, params: unknown[] = []): Promise<any> {
  const r = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const j: any = await r.json();
  if (j.error) throw new Error(`${method}: ${j.error.message}`);
  return j.result;
}

let child: ChildProcess | null = null;

/** Starts the script detached (own process group, as the SDK's runner does) and collects stdout. */
async function start(fast: 'True' | 'False'): Promise<{ ports: number[]; output: () => string; waitFor: (re: RegExp, ms: number) => Promise<string> }> {
  const defaults = (await portFree(9944)) && (await portFree(9945));
  const ports = defaults ? [9944, 9945] : [await freePort(), await freePort()];
  const env = { ...process.env, BUILD_BINARY: '0' } as Record<string, string>;
  if (!defaults) env.LOCALNET_PORTS = ports.join(',');
  else delete env.LOCALNET_PORTS;
  child = spawn(SCRIPT, [fast], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', d => { out += d.toString(); waiters.splice(0).forEach(f => f()); });
  child.stderr!.on('data', d => { out += d.toString(); });
  const waitFor = (re: RegExp, ms: number) => new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${re} within ${ms} ms; output:\n${out}`)), ms);
    const check = () => { const m = out.match(re); if (m) { clearTimeout(timer); resolve(m[0]); } else waiters.push(check); };
    check();
  });
  return { ports, output: () => out, waitFor };
}

async function killGroup(): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>(res => child!.once('exit', () => res()));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

afterEach(async () => { await killGroup(); child = null; });

describe('scripts/localnet.sh', () => {
  it('True: prints `Imported #1 (0x…)`, serves one fast-blocks chain on both ports, dies with its process group', async () => {
    const ln = await start('True');
    const line = await ln.waitFor(/Imported #1 \(0x[0-9a-f]{64}\)/, 30_000);
    const hash1 = line.match(/0x[0-9a-f]{64}/)![0];
    const [a, b] = ln.ports;
    expect(await rpc(a, 'system_chain')).toBe('Bittensor');
    expect(await rpc(a, 'chain_getBlockHash', [1])).toBe(hash1);
    expect(await rpc(b, 'chain_getBlockHash', [1])).toBe(hash1);
    expect(await rpc(b, 'chain_getBlockHash', [0])).toBe(await rpc(a, 'chain_getBlockHash', [0]));
    // Fast runtime: AuraApi_slot_duration = 250 ms (u64 LE), and blocks keep coming.
    expect(await rpc(b, 'state_call', ['AuraApi_slot_duration', '0x'])).toBe('0xfa00000000000000');
    await ln.waitFor(/Imported #3 /, 10_000);
    const pid = child!.pid!;
    await killGroup();
    // No process of the group survives (tsx's esbuild service child included), within a moment.
    const groupAlive = () => { try { process.kill(-pid, 0); return true; } catch { return false; } };
    for (let i = 0; i < 40 && groupAlive(); i++) await new Promise(r => setTimeout(r, 50));
    expect(groupAlive()).toBe(false);
    await expect(rpc(a, 'system_chain')).rejects.toThrow();
  });

  it('False: 12 s blocks (production slot duration) on a fresh chain', async () => {
    const ln = await start('False');
    await ln.waitFor(/Ready in/, 30_000);
    const [a] = ln.ports;
    expect(await rpc(a, 'state_call', ['AuraApi_slot_duration', '0x'])).toBe('0xe02e000000000000');
    expect(parseInt((await rpc(a, 'chain_getHeader')).number, 16)).toBeLessThanOrEqual(1);
  });
});
