// A real node on 127.0.0.1 (random port, temp DB, manual blocks) driven through @polkadot/api as a user would:
// signed extrinsics into the pool, dev_newBlock to build, System.Events to see what happened.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, type NodeHandle } from '../../node/index.ts';

export interface Client {
  node: NodeHandle;
  api: ApiPromise;
  keyring: Keyring;
  key(uri: string): KeyringPair;
  /** Builds `count` blocks; resolves once the API sees the new head. */
  newBlock(count?: number): Promise<number>;
  /** Signs (tracked nonces) and submits without building a block. */
  submit(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<void>;
  /** Submits and builds one block; returns that extrinsic's events ({section.method, data}). */
  send(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<{ ok: boolean; events: { name: string; data: any }[]; error?: string }>;
  /** Events of the head block grouped by extrinsic index. */
  headEvents(): Promise<{ index: number | null; name: string; data: any }[]>;
  setStorage(entries: [string, string | null][]): Promise<void>;
  stop(): Promise<void>;
}

export async function startClient(): Promise<Client> {
  await cryptoWaitReady();
  const node = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'silent' });
  const provider = new WsProvider(node.url, false);
  await provider.connect();
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const nonces = new Map<string, number>();

  const nextNonce = async (addr: string) => {
    if (!nonces.has(addr)) nonces.set(addr, (await api.rpc.system.accountNextIndex(addr)).toNumber());
    const n = nonces.get(addr)!;
    nonces.set(addr, n + 1);
    return n;
  };
  const newBlock = async (count = 1) => {
    await provider.send('dev_newBlock', [{ count }]);
    return (await api.rpc.chain.getHeader()).number.toNumber();
  };
  type Ev = { index: number | null; name: string; data: any };
  const headEvents = async (): Promise<Ev[]> => {
    const hash = await api.rpc.chain.getBlockHash();
    const at = await api.at(hash);
    const records = (await at.query.system.events()) as any;
    return records.map((r: any) => ({
      index: r.phase.isApplyExtrinsic ? r.phase.asApplyExtrinsic.toNumber() : null,
      name: `${r.event.section}.${r.event.method}`,
      data: r.event.data,
    }));
  };
  const submit = async (tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair) => {
    const nonce = await nextNonce(signer.address);
    await tx.signAsync(signer, { nonce });
    await api.rpc.author.submitExtrinsic(tx);
  };
  return {
    node, api, keyring,
    key: uri => keyring.addFromUri(uri),
    newBlock,
    submit,
    async send(tx, signer) {
      await submit(tx, signer);
      const hash = tx.hash.toHex();
      await newBlock();
      const block = await api.rpc.chain.getBlock();
      const idx = block.block.extrinsics.findIndex(x => x.hash.toHex() === hash);
      if (idx < 0) throw new Error(`extrinsic ${tx.method.section}.${tx.method.method} was not included`);
      const events = (await headEvents()).filter((e: Ev) => e.index === idx);
      const failed = events.find((e: Ev) => e.name === 'system.ExtrinsicFailed');
      let error: string | undefined;
      if (failed) {
        const de = failed.data[0];
        error = de.isModule ? (() => { const m = api.registry.findMetaError(de.asModule); return `${m.section}.${m.name}`; })() : de.toString();
      }
      return { ok: !failed, events, error };
    },
    headEvents,
    async setStorage(entries) { await provider.send('dev_setStorage', [entries]); },
    async stop() { await api.disconnect(); await node.stop(); },
  };
}
