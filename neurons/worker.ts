// Entry of a neuron process the demo forks: `worker.ts miner|validator <json options>`. It reports over the IPC
// channel ({ type: 'ready' | 'report' | 'error' }) and a validator runs one round per { type: 'round' } message.
import { cryptoReady, Wallet } from './wallet/index.ts';
import { connect } from './chain.ts';
import { startMiner } from './miner/index.ts';
import { Validator } from './validator/index.ts';

interface WorkerConfig { ws: string; netuid: number; wallet: { name: string; hotkey: string; path: string }; model?: string; tasksPerRound?: number; timeout?: number }

export const LOOPBACK_AXON_IP = '127.0.0.2';

const [role, json] = process.argv.slice(2);
const cfg = JSON.parse(json) as WorkerConfig;
const reply = (m: unknown) => process.send?.(m);

try {
  await cryptoReady();
  const api = await connect(cfg.ws);
  const hotkey = await new Wallet(cfg.wallet).hotkey();
  if (role === 'miner') {
    // subtensor refuses to serve 127.0.0.1 (InvalidIpAddress) but not the rest of 127.0.0.0/8, which is loopback too.
    const m = await startMiner({ api, hotkey, netuid: cfg.netuid, model: cfg.model!, bindIp: LOOPBACK_AXON_IP, externalIp: LOOPBACK_AXON_IP });
    reply({ type: 'ready', uid: m.uid, port: m.axon.port });
  } else if (role === 'validator') {
    const v = new Validator({ api, hotkey, netuid: cfg.netuid, tasksPerRound: cfg.tasksPerRound, timeout: cfg.timeout });
    process.on('message', async (msg: any) => {
      if (msg?.type !== 'round') return;
      try { reply({ type: 'report', report: await v.round() }); } catch (e) { reply({ type: 'error', error: String((e as Error).message ?? e) }); }
    });
    reply({ type: 'ready' });
  } else throw new Error(`unknown role ${role}`);
  process.on('disconnect', () => process.exit(0)); // the demo ended or died: do not linger
} catch (e) {
  reply({ type: 'error', error: String((e as Error).stack ?? e) });
  process.exit(1);
}
