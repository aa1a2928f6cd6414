// A miner: an ONNX classifier behind an Axon that answers Classify, served on chain with serve_axon. Requests from
// hotkeys not registered on the subnet are refused (403), as the SDK's miner template does.
import type { ApiPromise } from '@polkadot/api';
import { Axon } from '../axon/index.ts';
import { Classify } from '../protocol.ts';
import { Metagraph } from '../metagraph.ts';
import { serveAxon, signer } from '../chain.ts';
import type { Keypair } from '../wallet/index.ts';
import { OnnxClassifier } from './model.ts';

export interface MinerOptions {
  api: ApiPromise; hotkey: Keypair; netuid: number; model: string;
  port?: number; bindIp?: string; externalIp?: string;
  /** Publish the axon with serve_axon (default true). */
  serve?: boolean;
}

export interface RunningMiner { axon: Axon; uid: number; model: OnnxClassifier; stop(): Promise<void> }

export async function startMiner(o: MinerOptions): Promise<RunningMiner> {
  const model = await OnnxClassifier.load(o.model);
  let mg = await Metagraph.sync(o.api, o.netuid);
  const uid = mg.uidOf(o.hotkey.ss58Address);
  if (uid < 0) throw new Error(`hotkey ${o.hotkey.ss58Address} is not registered on subnet ${o.netuid}`);
  let lastSync = Date.now();
  const registered = async (hotkey: string | null | undefined) => {
    if (!hotkey) return false;
    if (mg.uidOf(hotkey) < 0 && Date.now() - lastSync > 2000) { mg = await Metagraph.sync(o.api, o.netuid); lastSync = Date.now(); }
    return mg.uidOf(hotkey) >= 0;
  };
  const axon = new Axon({ keypair: o.hotkey, port: o.port ?? 0, ip: o.bindIp ?? '0.0.0.0', externalIp: o.externalIp ?? '127.0.0.1' });
  axon.attach(Classify, async syn => {
    syn.predictions = await model.predict(syn.features as number[][]);
    syn.model = model.name;
    return syn;
  }, {
    blacklist: async syn => ((await registered(syn.dendrite.hotkey)) ? [false, 'Hotkey recognized!'] : [true, 'Unrecognized hotkey']),
    // Validators first, by stake (the template's priority); informational here, see Axon.
    priority: syn => { const u = mg.uidOf(syn.dendrite.hotkey ?? ''); return u >= 0 ? Number(mg.stake[u]) : 0; },
  });
  await axon.start();
  if (o.serve !== false) {
    const info = axon.info();
    await serveAxon(o.api, signer(o.hotkey), o.netuid, info.ip, info.port);
  }
  return { axon, uid, model, async stop() { await axon.stop(); await model.close(); } };
}
