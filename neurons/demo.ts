// `subtensor-ts demo`: a subnet from nothing to Proof of Intelligence in one command. A dev chain (in this process,
// instant blocks) or --ws; btcli-format wallets for the owner, N miners and V validators; the subnet created and
// started, neurons registered, validators staked; miners (ONNX models) and validators forked as their own processes;
// then K epochs: every validator scores every miner and sets weights, the epoch runs, and the table shows what Yuma
// consensus paid. One miner is stopped part-way to show an offline miner losing its incentive.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiPromise } from '@polkadot/api';
import Table from 'cli-table3';
import pc from 'picocolors';
import cliProgress from 'cli-progress';
import { Wallet, cryptoReady } from './wallet/index.ts';
import { connect, devSigner, send, signer, sudo } from './chain.ts';
import { Metagraph } from './metagraph.ts';
import { queryTopMiner } from './client.ts';
import { heldOut } from './data/digits.ts';
import type { RoundReport } from './validator/index.ts';
import { SHIPPED_MODELS } from './miner/model.ts';

const TAO = 1_000_000_000n;
const here = path.dirname(fileURLToPath(import.meta.url));

export interface DemoOptions {
  ws?: string;
  miners?: number;
  validators?: number;
  epochs?: number;
  /** Epoch (1-based) at which one miner is stopped; null: none. Default: half-way. */
  offlineAt?: number | null;
  /** Which miner goes offline (index into the miners, default 1: the second-best model). */
  offlineMiner?: number;
  models?: string[];
  walletPath?: string;
  tasksPerRound?: number;
  log?: (line: string) => void;
  progress?: boolean;
}

export interface EpochRow { uid: number; role: 'miner' | 'validator'; model: string; online: boolean; accuracy: number | null; latencyMs: number | null; weight: number; incentive: number; emission: bigint; stake: bigint }
export interface DemoResult { netuid: number; epochs: EpochRow[][]; offline: { uid: number; atEpoch: number } | null; client: Awaited<ReturnType<typeof queryTopMiner>> | null }

interface Child { proc: ChildProcess; role: string; messages: any[]; waiters: ((m: any) => void)[] }

function spawnNeuron(role: 'miner' | 'validator', cfg: object): Child {
  const proc = fork(path.join(here, 'worker.ts'), [role, JSON.stringify(cfg)], {
    execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const c: Child = { proc, role, messages: [], waiters: [] };
  proc.on('message', m => { const w = c.waiters.shift(); if (w) w(m); else c.messages.push(m); });
  proc.on('exit', code => { for (const w of c.waiters.splice(0)) w({ type: 'error', error: `${role} exited (${code})` }); });
  return c;
}
function nextMessage(c: Child, timeoutMs = 120_000): Promise<any> {
  const m = c.messages.shift();
  if (m) return Promise.resolve(m);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${c.role}: no message in ${timeoutMs} ms`)), timeoutMs);
    c.waiters.push(v => { clearTimeout(t); resolve(v); });
  });
}
async function expectMessage(c: Child, type: string): Promise<any> {
  const m = await nextMessage(c);
  if (m.type !== type) throw new Error(`${c.role}: ${m.error ?? JSON.stringify(m)}`);
  return m;
}

/** A raw JSON-RPC call over HTTP (the node serves HTTP POST on its ws port) for the dev_* methods @polkadot/api does not know. */
async function rpc(wsUrl: string, method: string, params: unknown[] = []): Promise<any> {
  const res = await fetch(wsUrl.replace(/^ws/, 'http'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const j = await res.json() as { result?: unknown; error?: { message: string } };
  if (j.error) throw new Error(`${method}: ${j.error.message}`);
  return j.result;
}

/** Advances the chain `n` blocks: dev_newBlock on our node, else waits for them. */
export async function advance(api: ApiPromise, url: string, n: number, dev: boolean): Promise<void> {
  if (n <= 0) return;
  if (dev) { await rpc(url, 'dev_newBlock', [{ count: n }]); return; }
  const target = (await api.rpc.chain.getHeader()).number.toNumber() + n;
  await new Promise<void>(resolve => { const unsub = api.rpc.chain.subscribeNewHeads(h => { if (h.number.toNumber() >= target) { void unsub.then(u => u()); resolve(); } }); });
}

/** Runs the subnet's epoch: dev_runEpoch on our node, else waits for the next scheduled epoch. */
export async function runEpoch(api: ApiPromise, url: string, netuid: number, dev: boolean): Promise<void> {
  if (dev) { await rpc(url, 'dev_runEpoch', [netuid]); return; }
  const next = Number((await (api.call as any).subnetInfoRuntimeApi.getNextEpochStartBlock(netuid)).unwrap().toString());
  await advance(api, url, next + 1 - (await api.rpc.chain.getHeader()).number.toNumber(), false);
}

export interface NeuronKeys { w: Wallet; cold: ReturnType<typeof signer>; hot: Awaited<ReturnType<Wallet['hotkey']>> }
export interface SubnetSetup { netuid: number; owner: NeuronKeys; miners: NeuronKeys[]; validators: NeuronKeys[] }

/**
 * Wallets (btcli format, plain coldkeys — btcli --no-use-password — so forked neurons can load them), funded by
 * //Alice; a subnet registered, configured by sudo and started; miners and validators registered; validators staked
 * 500 TAO; one epoch run so validators hold permits. `dev`: the chain has subtensor-ts's dev_* RPC methods.
 */
export async function setupSubnet(api: ApiPromise, url: string, dev: boolean, o: { miners: number; validators: number; walletPath: string; commitReveal: boolean; log?: (l: string) => void }): Promise<SubnetSetup> {
  const log = o.log ?? (() => {});
  const mk = async (name: string): Promise<NeuronKeys> => { const w = new Wallet({ name, hotkey: 'default', path: o.walletPath }); await w.create(); return { w, cold: signer(await w.unlockColdkey()), hot: await w.hotkey() }; };
  const owner = await mk('demo-owner');
  const miners = await Promise.all(Array.from({ length: o.miners }, (_, i) => mk(`demo-miner-${i}`)));
  const validators = await Promise.all(Array.from({ length: o.validators }, (_, i) => mk(`demo-validator-${i}`)));
  log(pc.dim(`wallets in ${o.walletPath}`));

  const alice = devSigner('//Alice');
  await send(api, api.tx.utility.batchAll([owner, ...miners, ...validators].flatMap(k => [
    api.tx.balances.transferKeepAlive(k.cold.address, 2_000n * TAO), api.tx.balances.transferKeepAlive(k.hot.ss58Address, 10n * TAO),
  ])), alice);

  // The demo runs with commit-reveal off: with it on, weights count only after their reveal an epoch later, so each
  // table would show the previous round's weights.
  await sudo(api, api.tx.adminUtils.sudoSetAdminFreezeWindow(0), alice).catch(() => { /* not on every chain */ });
  const added = (await send(api, api.tx.subtensorModule.registerNetwork(owner.hot.ss58Address), owner.cold))
    .find(e => e.section === 'subtensorModule' && e.method === 'NetworkAdded');
  const netuid = Number(added!.data[0].toString());
  await sudo(api, api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, o.commitReveal), alice);
  await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0), alice);
  await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 100), alice);
  const q = api.query.subtensorModule as any;
  const startAt = Number((await q.networkRegisteredAt(netuid)).toString()) + Number((await q.startCallDelay()).toString());
  await advance(api, url, startAt - (await api.rpc.chain.getHeader()).number.toNumber(), dev);
  await send(api, api.tx.subtensorModule.startCall(netuid), owner.cold);
  log(`subnet ${pc.bold(String(netuid))} created and started`);

  for (const k of [...miners, ...validators]) await send(api, api.tx.subtensorModule.burnedRegister(netuid, k.hot.ss58Address), k.cold);
  for (const v of validators) await send(api, api.tx.subtensorModule.addStake(v.hot.ss58Address, netuid, 500n * TAO), v.cold);
  log(pc.dim('staked; first epoch (validator permits)…'));
  await runEpoch(api, url, netuid, dev); // validator permits come from an epoch
  return { netuid, owner, miners, validators };
}

export async function runDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const log = o.log ?? ((l: string) => console.log(l));
  const nMiners = o.miners ?? 3, nValidators = o.validators ?? 1, epochs = o.epochs ?? 6;
  const models = o.models ?? [...SHIPPED_MODELS];
  const offlineAt = o.offlineAt === undefined ? Math.floor(epochs / 2) + 1 : o.offlineAt;
  const offlineIdx = Math.min(o.offlineMiner ?? 1, nMiners - 1);
  await cryptoReady();

  let node: { url: string; stop(): Promise<void> } | null = null;
  let url = o.ws;
  if (!url) {
    const { startNode } = await import('../node/index.ts');
    const started = await startNode({ port: 0, tmp: true, mode: 'instant', logLevel: 'error' });
    node = started;
    url = started.url;
    log(pc.dim(`dev chain at ${url} (instant blocks, throwaway state)`));
  }
  const api = await connect(url);
  // Our node's dev_* methods are unlisted: probe with a zero-block dev_newBlock (a subtensor node answers -32601).
  const dev = await rpc(url, 'dev_newBlock', [{ count: 0 }]).then(() => true, () => false);
  const children: Child[] = [];
  const walletPath = o.walletPath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'subtensor-ts-demo-wallets-'));
  try {
    const { netuid, owner, miners, validators } = await setupSubnet(api, url, dev, { miners: nMiners, validators: nValidators, walletPath, commitReveal: false, log });
    let mg = await Metagraph.sync(api, netuid);
    const role = new Map<number, { role: 'miner' | 'validator'; model: string; idx: number }>();
    miners.forEach((m, i) => role.set(mg.uidOf(m.hot.ss58Address), { role: 'miner', model: models[i % models.length], idx: i }));
    validators.forEach((v, i) => role.set(mg.uidOf(v.hot.ss58Address), { role: 'validator', model: '—', idx: i }));
    log(`registered ${nMiners} miners and ${nValidators} validator(s) (500 TAO staked each)`);

    const cfg = (w: Wallet) => ({ ws: url, netuid, wallet: { name: w.name, hotkey: 'default', path: walletPath }, tasksPerRound: o.tasksPerRound ?? 32, timeout: 5 });
    log(pc.dim('starting miner and validator processes…'));
    const minerProcs = miners.map((m, i) => spawnNeuron('miner', { ...cfg(m.w), model: models[i % models.length] }));
    const validatorProcs = validators.map(v => spawnNeuron('validator', cfg(v.w)));
    children.push(...minerProcs, ...validatorProcs);
    await Promise.all([...minerProcs, ...validatorProcs].map(c => expectMessage(c, 'ready')));
    log(`miners serving (${models.slice(0, nMiners).join(', ')}), validators ready — ${epochs} epochs`);

    const bar = o.progress === false ? null : new cliProgress.SingleBar({ format: 'epochs {bar} {value}/{total}', stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic);
    const rows: EpochRow[][] = [];
    let offline: DemoResult['offline'] = null;
    bar?.start(epochs, 0);
    for (let e = 1; e <= epochs; e++) {
      if (offlineAt === e && nMiners > 1) {
        const c = minerProcs[offlineIdx];
        c.proc.kill('SIGKILL');
        offline = { uid: mg.uidOf(miners[offlineIdx].hot.ss58Address), atEpoch: e };
      }
      validatorProcs.forEach(c => c.proc.send({ type: 'round' }));
      const reports: RoundReport[] = (await Promise.all(validatorProcs.map(c => expectMessage(c, 'report')))).map(m => m.report);
      await runEpoch(api, url, netuid, dev);
      mg = await Metagraph.sync(api, netuid);
      const epochRows: EpochRow[] = [];
      for (let uid = 0; uid < mg.n; uid++) {
        const r = role.get(uid);
        if (!r) continue;
        const res = reports.flatMap(rep => rep.results.filter(x => x.uid === uid));
        const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
        epochRows.push({
          uid, role: r.role, model: r.model, online: !(offline && offline.uid === uid),
          accuracy: avg(res.map(x => x.accuracy)), latencyMs: avg(res.filter(x => x.status === 200).map(x => x.latency * 1000)),
          weight: avg(reports.map(rep => rep.weights.find(w => w.uid === uid)?.weight ?? 0)) ?? 0,
          incentive: mg.incentive[uid], emission: mg.emission[uid], stake: mg.stake[uid],
        });
      }
      rows.push(epochRows);
      bar?.update(e);
      bar?.stop();
      log(renderTable(e, epochs, netuid, mg.block, epochRows, offline && offline.atEpoch === e ? offline.uid : null));
      if (e < epochs) bar?.start(epochs, e);
    }

    // The client: the top-incentive miner answers a user's query.
    const sample = heldOut(1000).slice(0, 8);
    const client = await queryTopMiner(api, netuid, owner.hot, sample.map(s => s.features)).catch(() => null);
    if (client) {
      const right = client.predictions ? client.predictions.filter((p, i) => p === sample[i].label).length : 0;
      log(`client → top miner uid ${client.uid} (${client.model ?? '?'}, incentive ${client.incentive.toFixed(3)}): ` +
        `${right}/${sample.length} right, ${(client.latency * 1000).toFixed(1)} ms`);
    }
    return { netuid, epochs: rows, offline, client };
  } finally {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
    await api.disconnect().catch(() => {});
    await node?.stop();
    if (!o.walletPath) fs.rmSync(walletPath, { recursive: true, force: true });
  }
}

function renderTable(e: number, total: number, netuid: number, block: number, rows: EpochRow[], wentOffline: number | null): string {
  const t = new Table({ head: ['uid', 'model', 'accuracy', 'latency', 'weight', 'incentive', 'emission α', 'stake α'].map(h => pc.cyan(h)), style: { head: [], border: [] } });
  const best = Math.max(...rows.filter(r => r.role === 'miner').map(r => r.incentive));
  for (const r of rows) {
    const inc = r.incentive.toFixed(4);
    t.push([
      String(r.uid), r.role === 'validator' ? pc.dim('validator') : r.online ? r.model : pc.red(`${r.model} (offline)`),
      r.accuracy === null ? '' : `${(r.accuracy * 100).toFixed(1)}%`, r.latencyMs === null ? '' : `${r.latencyMs.toFixed(1)} ms`,
      r.role === 'miner' ? r.weight.toFixed(3) : '', r.role === 'miner' && r.incentive === best && best > 0 ? pc.green(inc) : inc,
      (Number(r.emission) / 1e9).toFixed(4), (Number(r.stake) / 1e9).toFixed(2),
    ]);
  }
  const note = wentOffline !== null ? pc.red(`  — miner uid ${wentOffline} went offline this epoch`) : '';
  return `${pc.bold(`epoch ${e}/${total}`)}  subnet ${netuid}, block ${block}${note}\n${t.toString()}`;
}
