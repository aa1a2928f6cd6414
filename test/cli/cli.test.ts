// The client commands run as a separate process against a chain in a child process (startDevChain, instant blocks),
// the way a user runs them; their --json output is checked against what the runtime APIs and storage return through
// @polkadot/api, and their errors say what to do next.
import '@polkadot/api-augment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady, xxhashAsHex } from '@polkadot/util-crypto';
import { startDevChain, type DevChain } from 'subtensor-ts';
import { runClient } from '../../cli/main.ts';

const root = path.resolve(import.meta.dirname, '../..');
const TAO = 1_000_000_000n;
let bundle: string;
let chain: DevChain;
let api: ApiPromise;
let tmp: string;

/**
 * Runs the CLI. In this process by default (runClient with stdout/stderr captured: the same code path, without a
 * process start and module load per command); `spawn` runs the esbuild bundle of cli/run.ts as its own process and
 * `bin` goes through bin/subtensor-ts.js.
 */
async function cli(args: string[], opts: { spawn?: boolean; bin?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string; lingerMs?: number }> {
  if (!opts.spawn && !opts.bin) {
    const out: string[] = [], err: string[] = [];
    const [w1, w2] = [process.stdout.write, process.stderr.write];
    process.stdout.write = ((s: string) => { out.push(String(s)); return true; }) as any;
    process.stderr.write = ((s: string) => { err.push(String(s)); return true; }) as any;
    try {
      const code = await runClient(['node', 'subtensor-ts', ...args]); // --ws defaults to SUBTENSOR_WS
      return { code, stdout: out.join(''), stderr: err.join('') };
    } finally { process.stdout.write = w1; process.stderr.write = w2; }
  }
  const entry = opts.bin ? [path.join(root, 'bin/subtensor-ts.js')] : [bundle];
  return new Promise(resolve => {
    // lingerMs: from the last output to the process's exit (what a command keeps the shell waiting after it is done).
    let lastOutput = performance.now();
    const child = execFile(process.execPath, [...entry, ...args], { env: { ...process.env, SUBTENSOR_WS: chain.url, FORCE_COLOR: undefined }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr, lingerMs: exitedAt - lastOutput }));
    let exitedAt = 0;
    child.stdout!.on('data', () => { lastOutput = performance.now(); });
    child.stderr!.on('data', () => { lastOutput = performance.now(); });
    child.once('exit', () => { exitedAt = performance.now(); });
  });
}
async function json(args: string[]): Promise<any> {
  const r = await cli([...args, '--json']);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const keyring = new Keyring({ type: 'sr25519' });
let netuid: number;
let ownerHotkey: string, minerHotkey: string;

beforeAll(async () => {
  await cryptoWaitReady();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
  bundle = path.join(tmp, 'cli.mjs');
  const [c] = await Promise.all([
    startDevChain({ process: 'child-process', mode: 'instant' }),
    build({ entryPoints: [path.join(root, 'cli/run.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'error',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } }),
  ]);
  chain = c;
  process.env.SUBTENSOR_WS = chain.url;
  api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
  // No admin freeze window: hyperparameters may change at any block of this test (localnet setups do the same).
  await chain.setStorage([[xxhashAsHex('SubtensorModule', 128) + xxhashAsHex('AdminFreezeWindow', 128).slice(2), '0x0000']]);
  ownerHotkey = keyring.addFromUri('//Alice//cli-owner').address;
  minerHotkey = keyring.addFromUri('//Bob//cli-miner').address;
});
afterAll(async () => {
  await api?.disconnect();
  await chain?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('subnets', () => {
  it('create, set, start, register: the chain holds what the commands did', { timeout: 180_000 }, async () => {
    await ok(['subnets', 'set', '--netuid', '1', '--param', 'kappa', '--value', '32767', '--uri', '//Alice']); // sudo parameter
    const out = await ok(['subnets', 'create', '--hotkey', ownerHotkey, '--uri', '//Alice']);
    netuid = Number(/subnet (\d+) created/.exec(out)![1]);
    expect(((await api.query.subtensorModule.subnetOwner(netuid)) as any).toString()).toBe(keyring.addFromUri('//Alice').address);
    await ok(['subnets', 'start', '--netuid', String(netuid), '--uri', '//Alice']);
    await ok(['subnets', 'set', '--netuid', String(netuid), '--param', 'weights_rate_limit', '--value', '0', '--uri', '//Alice']);
    await ok(['subnets', 'register', '--netuid', String(netuid), '--hotkey', minerHotkey, '--uri', '//Bob']);
    expect(((await api.query.subtensorModule.uids(netuid, minerHotkey)) as any).unwrap().toNumber()).toBe(1);
    expect(((await api.query.subtensorModule.weightsSetRateLimit(netuid)) as any).toNumber()).toBe(0);
  });

  it('list --json equals get_all_dynamic_info; the table has btcli columns and no colour codes off a TTY', async () => {
    const list = await json(['subnets', 'list']);
    const dyn = (await (api.call as any).subnetInfoRuntimeApi.getAllDynamicInfo()).filter((o: any) => o.isSome).map((o: any) => o.unwrap());
    expect(list.map((s: any) => s.netuid)).toEqual(dyn.map((d: any) => d.netuid.toNumber()));
    for (const d of dyn) {
      const s = list.find((x: any) => x.netuid === d.netuid.toNumber());
      expect([s.taoIn, s.alphaIn, s.alphaOut, s.tempo]).toEqual([d.taoIn.toString(), d.alphaIn.toString(), d.alphaOut.toString(), d.tempo.toNumber()]);
      expect(s.neurons).toBe(((await api.query.subtensorModule.subnetworkN(d.netuid)) as any).toNumber());
    }
    const spawned = await cli(['subnets', 'list'], { spawn: true });
    expect(spawned.code).toBe(0);
    // Done means exited: @polkadot/api's 1.75 s refCount delay after disconnect once held every command's exit back.
    expect(spawned.lingerMs).toBeLessThan(1_000);
    const table = spawned.stdout;
    for (const col of ['Netuid', 'Name', 'Price (τ_in/α_in)', 'Emission (τ)', 'Tempo (k/n)']) expect(table).toContain(col);
    expect(table).not.toMatch(/\x1b\[/);
  });

  it('hyperparameters --json equals get_subnet_hyperparams_v2', async () => {
    const h = await json(['subnets', 'hyperparameters', '--netuid', String(netuid)]);
    const v2 = (await (api.call as any).subnetInfoRuntimeApi.getSubnetHyperparamsV2(netuid)).unwrap();
    expect(h.kappa).toBe(v2.kappa.toNumber());
    expect(h.tempo).toBe(v2.tempo.toNumber());
    expect(h.weights_rate_limit).toBe(0);
    expect(h.commit_reveal_weights_enabled).toBe(v2.commitRevealWeightsEnabled.isTrue);
  });
});

describe('stake and weights', () => {
  it('stake add / list / remove', async () => {
    const alice = keyring.addFromUri('//Alice').address;
    await ok(['stake', 'add', '--netuid', String(netuid), '--hotkey', ownerHotkey, '--amount', '100', '--uri', '//Alice']);
    // The removal below must not share its block with the subnet's epoch (whose payout would also move this stake):
    // when the epoch is due in the next two blocks, let it pass first.
    const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();
    const nextEpoch = async () => Number((await (api.call as any).subnetInfoRuntimeApi.getNextEpochStartBlock(netuid)).unwrap().toString());
    if ((await nextEpoch()) <= (await head()) + 2) await chain.newBlock({ to: (await nextEpoch()) + 1 });
    const listed = await json(['stake', 'list', '--ss58', alice]);
    const info = await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForColdkey(alice);
    const onChain = info.find((s: any) => s.netuid.toNumber() === netuid && s.hotkey.toString() === ownerHotkey);
    const row = listed.stakes.find((s: any) => s.netuid === netuid && s.hotkey === ownerHotkey);
    expect(row.stake).toBe(onChain.stake.toString());
    expect(BigInt(row.stake)).toBeGreaterThan(50n * TAO);
    await ok(['stake', 'remove', '--netuid', String(netuid), '--hotkey', ownerHotkey, '--amount', '1', '--uri', '//Alice']);
    // The chain builds blocks of its own meanwhile (drand pulses every 3 s in instant mode), and an epoch among them
    // pays the owner hotkey: find the block that holds the removal and compare with its parent.
    const tip = await head();
    let removal: { hash: string } | null = null;
    for (let n = tip; n > tip - 20 && !removal; n--) {
      const hash = (await api.rpc.chain.getBlockHash(n)).toHex();
      for (const r of (await (await api.at(hash)).query.system.events()) as any) {
        const [cold, hot, , , net] = r.event.data;
        if (r.event.section === 'subtensorModule' && r.event.method === 'StakeRemoved' && cold.toString() === alice
          && hot.toString() === ownerHotkey && net.toNumber() === netuid) removal = { hash };
      }
    }
    expect(removal).not.toBeNull();
    const stakeAt = async (hash: string) => ((await (await api.at(hash)).call.stakeInfoRuntimeApi.getStakeInfoForColdkey(alice)) as any)
      .find((s: any) => s.netuid.toNumber() === netuid && s.hotkey.toString() === ownerHotkey).stake.toBigInt();
    const parent = (await api.rpc.chain.getHeader(removal!.hash)).parentHash.toHex();
    const epochs = async (hash: string) => ((await (await api.at(hash)).query.subtensorModule.subnetEpochIndex(netuid)) as any).toBigInt();
    // --amount 1: one α unstaked. Unless that very block also ran the subnet's epoch, the stake moved by exactly that.
    if (await epochs(parent) === await epochs(removal!.hash)) expect(await stakeAt(removal!.hash)).toBe(await stakeAt(parent) - TAO);
  });

  it('weights set is refused while commit-reveal is on, with the way out in the message', async () => {
    await chain.runEpoch(netuid); // validator permits
    await ok(['wallet', 'transfer', '--dest', ownerHotkey, '--amount', '1', '--uri', '//Alice']); // the hotkey signs weights
    const r = await cli(['weights', 'set', '--netuid', String(netuid), '--uids', '1', '--weights', '1', '--uri', '//Alice//cli-owner']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`commit-reveal is on for subnet ${netuid}: use \`subtensor-ts weights commit\``);
    expect(r.stderr).toContain(`subnets set --netuid ${netuid} --param commit_reveal_weights_enabled --value false`);
  });

  it('weights commit stores get_commit_hash of the upscaled weights; set works once commit-reveal is off', async () => {
    await ok(['weights', 'commit', '--netuid', String(netuid), '--uids', '0,1', '--weights', '0.5,1', '--salt', '1,2,3', '--uri', '//Alice//cli-owner']);
    // HEAD's hash, from first principles: blake2-256(SCALE(hotkey, netuid, uids, values, salt, version_key)).
    const preimage = api.createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [ownerHotkey, netuid, [0, 1], [32768, 65535], [1, 2, 3], 0]);
    const commits = ((await api.query.subtensorModule.weightCommits(netuid, ownerHotkey)) as any).unwrap();
    expect(commits[0][0].toHex()).toBe(blake2AsHex(preimage.toU8a(), 256));

    await ok(['subnets', 'set', '--netuid', String(netuid), '--param', 'commit_reveal_weights_enabled', '--value', 'false', '--uri', '//Alice']);
    await ok(['weights', 'set', '--netuid', String(netuid), '--uids', '1', '--weights', '3', '--uri', '//Alice//cli-owner']);
    const row = ((await api.query.subtensorModule.weights(netuid, 0)) as any).map(([j, w]: any) => [j.toNumber(), w.toNumber()]);
    expect(row).toEqual([[1, 65535]]);
  });
});

describe('metagraph and epoch explain', () => {
  it('metagraph --json equals get_metagraph after an epoch', async () => {
    await chain.runEpoch(netuid);
    const mg = await json(['metagraph', '--netuid', String(netuid)]);
    const m = (await (api.call as any).subnetInfoRuntimeApi.getMetagraph(netuid)).unwrap();
    expect(mg.neurons.map((n: any) => n.hotkey)).toEqual(m.hotkeys.map((h: any) => h.toString()));
    expect(mg.neurons.map((n: any) => n.incentive)).toEqual(m.incentives.map((x: any) => x.toNumber()));
    expect(mg.neurons.map((n: any) => n.dividends)).toEqual(m.dividends.map((x: any) => x.toNumber()));
    expect(mg.neurons.map((n: any) => n.emission)).toEqual(m.emission.map((x: any) => x.toString()));
    expect(mg.neurons.map((n: any) => n.totalStake)).toEqual(m.totalStake.map((x: any) => x.toString()));
    expect(mg.neurons[1].incentive).toBe(65535); // the only miner, weighted by the only validator
  });

  it('epoch explain --json is dev_epochExplain; what-if options reach it', async () => {
    const e = await json(['epoch', 'explain', '--netuid', String(netuid)]);
    expect(e).toEqual(await chain.explainEpoch(netuid));
    const w = await json(['epoch', 'explain', '--netuid', String(netuid), '--weights', '0:0=1', '--set', 'kappa=100', '--stake', '1=5']);
    expect(w.parameters.kappa).toBe(100);
    expect(w.inputs.weights[0]).toEqual([[0, 65535]]);
    expect(w.inputs.alphaStake[1]).toBe(String(5n * TAO));
    const text = await ok(['epoch', 'explain', '--netuid', String(netuid), '--matrices']);
    for (const col of ['Consensus', 'VTrust', 'Incentive', 'Dividends', 'Clipped weights', 'Bonds after']) expect(text).toContain(col);
  });
});

describe('wallet', () => {
  it('create, list, balance and transfer on btcli-format wallets', async () => {
    const wp = path.join(tmp, 'wallets');
    const created = await ok(['wallet', 'create', '--wallet-name', 'w1', '--wallet-path', wp, '--no-use-password']);
    expect(created).toMatch(/mnemonic/);
    const list = await json(['wallet', 'list', '--wallet-path', wp]);
    expect(list).toHaveLength(1);
    const coldkey = list[0].coldkeypub;
    expect(list[0].hotkeys.map((h: any) => h.name)).toEqual(['default']);
    await ok(['wallet', 'transfer', '--dest', coldkey, '--amount', '5', '--uri', '//Alice']);
    await ok(['wallet', 'transfer', '--dest', keyring.addFromUri('//Bob').address, '--amount', '1.5', '--wallet-name', 'w1', '--wallet-path', wp]);
    const [bal] = await json(['wallet', 'balance', '--wallet-name', 'w1', '--wallet-path', wp]);
    const free = ((await api.query.system.account(coldkey)) as any).data.free.toBigInt();
    expect(bal.free).toBe(free.toString());
    expect(free).toBeLessThan(35n * TAO / 10n); // 5 − 1.5 − the fee
    expect(free).toBeGreaterThan(34n * TAO / 10n);
  });
});

describe('errors say what to do next', () => {
  it('unknown subnet, dead endpoint, missing key, bad amount', async () => {
    const a = await cli(['subnets', 'show', '--netuid', '99'], { spawn: true });
    expect([a.code, a.stderr.trim()]).toEqual([1, 'error: subnet 99 does not exist: list subnets with `subtensor-ts subnets list`']);
    const b = await cli(['subnets', 'list', '--ws', 'ws://127.0.0.1:1']);
    expect(b.stderr).toContain('no chain answers at ws://127.0.0.1:1: start one with `subtensor-ts dev` or pass --ws <url>');
    const c = await cli(['stake', 'add', '--netuid', '1', '--hotkey', ownerHotkey, '--amount', '1']);
    expect(c.stderr).toContain('pass --wallet-name <name> or, on a dev chain, --uri //Alice');
    const d = await cli(['wallet', 'transfer', '--dest', ownerHotkey, '--amount', '1.2345678901', '--uri', '//Alice']);
    expect(d.stderr).toContain('--amount must be a number of TAO with at most 9 decimals');
  });

  it('bin/subtensor-ts.js routes client commands', async () => {
    const r = await cli(['subnets', 'list', '--json'], { bin: true });
    expect(JSON.parse(r.stdout).map((s: any) => s.netuid)).toContain(netuid);
  });
});
