// A real node on 127.0.0.1 (random port, throwaway DB, manual blocks) plus a @polkadot/api client configured the
// way subtensor users configure it: the payload-free custom extensions declared, nothing else special.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, type NodeHandle, type NodeOptions } from '../../node/index.ts';
import { SUBTENSOR_USER_EXTENSIONS } from '../node/helpers.ts';

export const TAO = 1_000_000_000n;

export interface TxOutcome {
  ok: boolean;
  /** `Pallet.Error` for module errors. */
  error?: string;
  events: { name: string; data: any }[];
  blockHash: string;
  index: number;
}

export interface Env {
  node: NodeHandle;
  api: ApiPromise;
  provider: WsProvider;
  key(uri: string): KeyringPair;
  newBlocks(count?: number): Promise<number>;
  /** Signs with the next nonce, builds one block, returns what happened to this extrinsic. */
  send(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<TxOutcome>;
  /** Sudo.sudo(call) signed by //Alice; throws with the inner error when the call fails. */
  sudo(call: SubmittableExtrinsic<'promise'>): Promise<void>;
  stop(): Promise<void>;
}

export async function startEnv(opts: Partial<NodeOptions> = {}): Promise<Env> {
  await cryptoWaitReady();
  const node = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'silent', ...opts });
  const provider = new WsProvider(node.url, false);
  await provider.connect();
  const api = await ApiPromise.create({ provider, signedExtensions: SUBTENSOR_USER_EXTENSIONS, noInitWarn: true, throwOnConnect: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

  const errorName = (de: any): string => {
    if (de.isModule) { const m = api.registry.findMetaError(de.asModule); return `${m.section}.${m.name}`; }
    return de.toString();
  };
  const newBlocks = async (count = 1) => {
    await provider.send('dev_newBlock', [{ count }]);
    return (await api.rpc.chain.getHeader()).number.toNumber();
  };
  const send = async (tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<TxOutcome> => {
    const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
    await tx.signAsync(signer, { nonce });
    await api.rpc.author.submitExtrinsic(tx);
    await newBlocks(1);
    const blockHash = (await api.rpc.chain.getBlockHash()).toHex();
    const block = await api.rpc.chain.getBlock(blockHash);
    const index = block.block.extrinsics.findIndex(x => x.hash.toHex() === tx.hash.toHex());
    if (index < 0) throw new Error(`${tx.method.section}.${tx.method.method} was not included`);
    const records = (await (await api.at(blockHash)).query.system.events()) as any;
    const events = records
      .filter((r: any) => r.phase.isApplyExtrinsic && r.phase.asApplyExtrinsic.toNumber() === index)
      .map((r: any) => ({ name: `${r.event.section}.${r.event.method}`, data: r.event.data }));
    const failed = events.find((e: any) => e.name === 'system.ExtrinsicFailed');
    return { ok: !failed, error: failed ? errorName(failed.data[0]) : undefined, events, blockHash, index };
  };
  const alice = keyring.addFromUri('//Alice');
  return {
    node, api, provider,
    key: uri => keyring.addFromUri(uri),
    newBlocks,
    send,
    async sudo(call) {
      const r = await send(api.tx.sudo.sudo(call), alice);
      if (!r.ok) throw new Error(`sudo(${call.method.section}.${call.method.method}) failed: ${r.error}`);
      const res = r.events.find(e => e.name === 'sudo.Sudid')!.data[0];
      if (res.isErr) throw new Error(`${call.method.section}.${call.method.method}: ${errorName(res.asErr)}`);
    },
    async stop() { await api.disconnect(); await node.stop(); },
  };
}

/** Localnet subnet setup as the SDK's TestSubnet does it (clients.md §2.6): freeze window 0, register, CR off,
 *  weights rate limit 0, start_call. Returns the new netuid. */
export async function createSubnet(env: Env, owner: KeyringPair, ownerHotkey: KeyringPair): Promise<number> {
  const { api } = env;
  await env.sudo(api.tx.adminUtils.sudoSetAdminFreezeWindow(0));
  const reg = await env.send(api.tx.subtensorModule.registerNetwork(ownerHotkey.address), owner);
  if (!reg.ok) throw new Error(`register_network: ${reg.error}`);
  const netuid = Number(reg.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toString());
  await env.sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, false));
  await env.sudo(api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0));
  const delay = Number((await (api.query.subtensorModule as any).startCallDelay()).toString());
  if (delay > 0) await env.newBlocks(delay);
  const start = await env.send(api.tx.subtensorModule.startCall(netuid), owner);
  if (!start.ok) throw new Error(`start_call: ${start.error}`);
  return netuid;
}
