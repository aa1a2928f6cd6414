// A real node (127.0.0.1, random port, temp DB, manual block building) driven through @polkadot/api: signed
// extrinsics go through author_submitExtrinsic (pool validation included), dev_newBlock builds, System.Events
// says what happened.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, type NodeHandle } from '../../node/index.ts';

export interface Outcome { ok: boolean; error?: string; events: { name: string; data: any }[] }

export class NodeClient {
  private nonces = new Map<string, number>();
  readonly keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  private constructor(readonly node: NodeHandle, readonly provider: WsProvider, readonly api: ApiPromise) {}

  static async start(): Promise<NodeClient> {
    await cryptoWaitReady();
    const node = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'silent' });
    const provider = new WsProvider(node.url, false);
    await provider.connect();
    const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    return new NodeClient(node, provider, api);
  }

  key(uri: string): KeyringPair { return this.keyring.addFromUri(uri); }

  async newBlock(count = 1): Promise<number> {
    await this.provider.send('dev_newBlock', [{ count }]);
    return (await this.api.rpc.chain.getHeader()).number.toNumber();
  }

  async head(): Promise<number> { return (await this.api.rpc.chain.getHeader()).number.toNumber(); }

  private async nonce(addr: string): Promise<number> {
    if (!this.nonces.has(addr)) this.nonces.set(addr, (await this.api.rpc.system.accountNextIndex(addr)).toNumber());
    const n = this.nonces.get(addr)!;
    this.nonces.set(addr, n + 1);
    return n;
  }

  /** Signs and submits; a pool rejection is returned as its RPC error message (the nonce is given back). */
  async submit(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<string | null> {
    const nonce = await this.nonce(signer.address);
    await tx.signAsync(signer, { nonce });
    try {
      await this.api.rpc.author.submitExtrinsic(tx);
      return null;
    } catch (e) {
      this.nonces.set(signer.address, nonce);
      return (e as Error).message;
    }
  }

  /** Submits, builds one block and returns the extrinsic's outcome (dispatch error as `section.Name`). */
  async send(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<Outcome> {
    const rejected = await this.submit(tx, signer);
    if (rejected) return { ok: false, error: `pool: ${rejected}`, events: [] };
    await this.newBlock();
    const block = await this.api.rpc.chain.getBlock();
    const idx = block.block.extrinsics.findIndex(x => x.hash.toHex() === tx.hash.toHex());
    if (idx < 0) throw new Error(`${tx.method.section}.${tx.method.method} was not included`);
    const records = (await (await this.api.at(block.block.header.hash)).query.system.events()) as any;
    const events = records.filter((r: any) => r.phase.isApplyExtrinsic && r.phase.asApplyExtrinsic.toNumber() === idx)
      .map((r: any) => ({ name: `${r.event.section}.${r.event.method}`, data: r.event.data }));
    const failed = events.find((e: any) => e.name === 'system.ExtrinsicFailed');
    return { ok: !failed, events, error: failed ? this.describe(failed.data[0]) : undefined };
  }

  /** Sudo(call) by Alice; returns the inner call's error if it failed. */
  async sudo(call: SubmittableExtrinsic<'promise'>): Promise<Outcome> {
    const r = await this.send(this.api.tx.sudo.sudo(call), this.key('//Alice'));
    if (!r.ok) return r;
    const res = r.events.find(e => e.name === 'sudo.Sudid')!.data[0];
    return res.isOk ? r : { ok: false, error: this.describe(res.asErr), events: r.events };
  }

  describe(err: any): string {
    if (err.isModule) { const m = this.api.registry.findMetaError(err.asModule); return `${m.section}.${m.name}`; }
    return err.type ?? err.toString();
  }

  async setStorage(entries: [string, string | null][]): Promise<void> { await this.provider.send('dev_setStorage', [entries]); }

  async stop(): Promise<void> { await this.api.disconnect(); await this.node.stop(); }
}
