// The client: the user who wants a good model. It asks the metagraph for the served miner with the highest incentive
// and sends it a Classify query.
import type { ApiPromise } from '@polkadot/api';
import { Dendrite } from './dendrite/index.ts';
import { Classify } from './protocol.ts';
import { Metagraph } from './metagraph.ts';
import type { Keypair } from './wallet/index.ts';

export interface ClientAnswer { uid: number; hotkey: string; incentive: number; status: number; message: string | null; predictions: number[] | null; model: string | null; latency: number }

export async function queryTopMiner(api: ApiPromise, netuid: number, hotkey: Keypair, features: number[][], timeout = 5): Promise<ClientAnswer> {
  const mg = await Metagraph.sync(api, netuid);
  const uid = mg.topMiner();
  if (uid === null) throw new Error(`no miner serves on subnet ${netuid}`);
  const syn = await new Dendrite(hotkey).call(mg.axons[uid], Classify, { task_id: 'client', features }, timeout);
  return {
    uid, hotkey: mg.hotkeys[uid], incentive: mg.incentive[uid], status: syn.dendrite.status_code ?? 0, message: syn.dendrite.status_message ?? null,
    predictions: (syn.predictions as number[] | null) ?? null, model: (syn.model as string | null) ?? null, latency: syn.dendrite.process_time ?? 0,
  };
}
