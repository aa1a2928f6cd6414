// In-process chain for runtime tests, without the node: blocks are built exactly as the node builds them, through
// the runtime APIs (Core_initialize_block → BlockBuilder_inherent_extrinsics → BlockBuilder_apply_extrinsic* →
// BlockBuilder_finalize_block) on an overlay that is then committed.
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import * as t from '../../runtime/codec/types.ts';
import { Writer, toHex } from '../../runtime/codec/scale.ts';
import { createRuntime, initCrypto, genesisHash, type Runtime, type GenesisConfig } from '../../runtime/index.ts';
import type { RuntimeConfig } from '../../runtime/config.ts';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { RuntimeCall } from '../../runtime/frame/construct.ts';
import type { Origin } from '../../runtime/frame/dispatch.ts';
import { Header, hashHeader, AURA_ENGINE_ID, type HeaderValue } from '../../runtime/frame/header.ts';
import { H256 } from '../../runtime/primitives.ts';
import { runtimeConfig } from '../../runtime/config.ts';
import { System, readEvents } from '../../runtime/pallets/system/index.ts';
import { TransactionSource } from '../../runtime/pallets/system/types.ts';
import { initializeBlock, finalizeBlock, type ApplyExtrinsicResult } from '../../runtime/executive.ts';
import { encodeExtrinsic, signingPayload, encodeExtra, encodeAdditional } from '../../runtime/extrinsic/index.ts';
import { makeExtra, implicitValues } from '../../runtime/extrinsic/extensions.ts';
import { dispatchCall } from '../../runtime/extrinsic/call.ts';
import type { EraValue } from '../../runtime/extrinsic/era.ts';
import { OpaqueExtrinsic, ApplyExtrinsicResult as ApplyResultCodec, TransactionValidity, InherentData } from '../../runtime/apis/types.ts';

/** Unix ms of block 0 (any fixed value: the runtime only requires timestamps to increase). */
export const GENESIS_TIME = 1_700_000_000_000n;

export type EventRecordValue = { phase: t.EnumValue; event: t.EnumValue; topics: Uint8Array[] };

export interface BlockResult {
  number: number;
  hash: Uint8Array;
  header: HeaderValue;
  /** One result per applied extrinsic (inherents first). */
  results: ApplyExtrinsicResult[];
  events: EventRecordValue[];
}

export interface SignOptions { nonce?: number; tip?: bigint; era?: EraValue; metadataHashMode?: 'Disabled' | 'Enabled' }

/** A call given as `{ type: Pallet, value: { type: call, value: args } }` or as its encoding. */
export type CallInput = t.EnumValue | Uint8Array;

export const callOf = (pallet: string, name: string, args: Record<string, any> = {}): t.EnumValue =>
  ({ type: pallet, value: { type: name, value: args } });

export class TestChain {
  state: MemoryState;
  headHash: Uint8Array;
  headNumber = 0;
  readonly genesisHash: Uint8Array;
  readonly keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  readonly alice: KeyringPair;
  readonly bob: KeyringPair;
  readonly charlie: KeyringPair;
  readonly dave: KeyringPair;
  readonly eve: KeyringPair;
  readonly ferdie: KeyringPair;

  private constructor(readonly runtime: Runtime, genesis: MemoryState) {
    this.state = genesis;
    this.genesisHash = genesisHash(genesis);
    this.headHash = this.genesisHash;
    this.alice = this.keyring.addFromUri('//Alice');
    this.bob = this.keyring.addFromUri('//Bob');
    this.charlie = this.keyring.addFromUri('//Charlie');
    this.dave = this.keyring.addFromUri('//Dave');
    this.eve = this.keyring.addFromUri('//Eve');
    this.ferdie = this.keyring.addFromUri('//Ferdie');
  }

  static async create(opts: { genesis?: Partial<GenesisConfig>; config?: Partial<RuntimeConfig> } = {}): Promise<TestChain> {
    await initCrypto();
    const runtime = createRuntime(opts.config);
    return new TestChain(runtime, runtime.genesisState(opts.genesis));
  }

  pair(uri: string): KeyringPair {
    return this.keyring.addFromUri(uri);
  }

  /** Runtime API call against the head state (writes discarded). */
  api(method: string, args: Uint8Array = new Uint8Array()): Uint8Array {
    return this.runtime.call(method, args, new OverlayState(this.state));
  }

  /** Runs `fn` with the externalities on the head state; writes are discarded. */
  query<T>(fn: () => T): T {
    return withState(new OverlayState(this.state), fn);
  }

  private nextHeader(): HeaderValue {
    const number = this.headNumber + 1;
    const slot = (GENESIS_TIME + BigInt(number) * BigInt(runtimeConfig.slotDurationMs)) / BigInt(runtimeConfig.slotDurationMs);
    const slotBytes = new Writer().u64(slot).finish();
    return {
      parentHash: this.headHash, number, stateRoot: new Uint8Array(32), extrinsicsRoot: new Uint8Array(32),
      digest: { logs: [{ type: 'PreRuntime', value: [AURA_ENGINE_ID, slotBytes] }] },
    };
  }

  private commit(overlay: OverlayState, header: HeaderValue): Uint8Array {
    this.state.apply(overlay.changes());
    this.headHash = hashHeader(header);
    this.headNumber = header.number;
    return this.headHash;
  }

  /** Builds, applies and commits one block containing the timestamp inherent and `extrinsics` (full encodings). */
  newBlock(extrinsics: Uint8Array[] = []): BlockResult {
    const overlay = new OverlayState(this.state);
    const pre = this.nextHeader();
    this.runtime.call('Core_initialize_block', t.encode(Header, pre), overlay);
    const now = GENESIS_TIME + BigInt(pre.number) * BigInt(runtimeConfig.slotDurationMs);
    const inherentData = t.encode(InherentData, { data: [[new TextEncoder().encode('timstap0'), t.encode(t.u64, now)]] });
    const inherents = t.decode(t.vec(OpaqueExtrinsic), this.runtime.call('BlockBuilder_inherent_extrinsics', inherentData, overlay));
    const results: ApplyExtrinsicResult[] = [];
    for (const xt of [...inherents, ...extrinsics]) {
      results.push(t.decode(ApplyResultCodec, this.runtime.call('BlockBuilder_apply_extrinsic', xt, overlay)) as ApplyExtrinsicResult);
    }
    const header = t.decode(Header, this.runtime.call('BlockBuilder_finalize_block', new Uint8Array(), overlay));
    const events = withState(overlay, () => readEvents()) as EventRecordValue[];
    const hash = this.commit(overlay, header);
    return { number: header.number, hash, header, results, events };
  }

  /**
   * Dispatches one call with `origin` (no signature, no fees) inside a block of its own, which is committed.
   * Returns whether it succeeded, the DispatchError value otherwise, and the events the call emitted.
   */
  dispatch(origin: Origin, pallet: string, name: string, args: Record<string, any> = {}): { ok: boolean; error?: t.EnumValue; events: EventRecordValue[] } {
    const overlay = new OverlayState(this.state);
    const pre = this.nextHeader();
    let outcome!: ReturnType<typeof dispatchCall>;
    let events: EventRecordValue[] = [];
    const header = withState(overlay, () => {
      initializeBlock(pre);
      // Stand in for the timestamp inherent so Timestamp's on_finalize check passes.
      const now = GENESIS_TIME + BigInt(pre.number) * BigInt(runtimeConfig.slotDurationMs);
      dispatchCall({ kind: 'None' }, callOf('Timestamp', 'set', { now }));
      System.storage.ExecutionPhase.set({ type: 'ApplyExtrinsic', value: 1 });
      outcome = dispatchCall(origin, callOf(pallet, name, args));
      events = (readEvents() as EventRecordValue[]).filter(e => e.phase.type === 'ApplyExtrinsic' && e.phase.value === 1);
      System.storage.ExecutionPhase.set({ type: 'ApplyExtrinsic', value: 2 });
      return finalizeBlock();
    });
    this.commit(overlay, header);
    return outcome.error ? { ok: false, error: outcome.error, events } : { ok: true, events };
  }

  nonceOf(who: Uint8Array): number {
    return t.decode(t.u32, this.api('AccountNonceApi_account_nonce', who));
  }

  /** A signed v4 extrinsic (full encoding) for the block after the head, built from first principles. */
  sign(pair: KeyringPair, call: CallInput, opts: SignOptions = {}): Uint8Array {
    const callBytes = call instanceof Uint8Array ? call : t.encode(RuntimeCall, call);
    const nonce = opts.nonce ?? this.nonceOf(pair.publicKey);
    const extra = makeExtra({ era: opts.era ?? null, nonce, tip: opts.tip, metadataHashMode: opts.metadataHashMode });
    // The implicit data as the next block will compute it (BlockHash[head] = head hash).
    const implicit = withState(new OverlayState(this.state), () => {
      System.storage.Number.set(this.headNumber + 1);
      System.storage.BlockHash.set(this.headNumber, this.headHash);
      return implicitValues(extra);
    });
    const payload = signingPayload(callBytes, encodeExtra(extra), encodeAdditional(implicit));
    const signature = pair.sign(payload);
    const sigType = pair.type === 'ed25519' ? 'Ed25519' : pair.type === 'ecdsa' ? 'Ecdsa' : 'Sr25519';
    return encodeExtrinsic(callBytes, { address: { type: 'Id', value: pair.publicKey }, signature: { type: sigType, value: signature }, extra });
  }

  /** Signs `Pallet.call(args)` with `pair`, applies it in a new block and returns its result and events. */
  signAndApply(pair: KeyringPair, pallet: string, name: string, args: Record<string, any> = {}, opts: SignOptions = {}): { result: ApplyExtrinsicResult; events: EventRecordValue[]; extrinsic: Uint8Array; block: BlockResult } {
    const extrinsic = this.sign(pair, callOf(pallet, name, args), opts);
    return this.applyInBlock(extrinsic);
  }

  /** Applies one extrinsic in a new block (after the timestamp inherent). */
  applyInBlock(extrinsic: Uint8Array): { result: ApplyExtrinsicResult; events: EventRecordValue[]; extrinsic: Uint8Array; block: BlockResult } {
    const block = this.newBlock([extrinsic]);
    const index = block.results.length - 1;
    const events = block.events.filter(e => e.phase.type === 'ApplyExtrinsic' && e.phase.value === index);
    return { result: block.results[index], events, extrinsic, block };
  }

  /** TaggedTransactionQueue_validate_transaction against the head. */
  validate(extrinsic: Uint8Array, source = 'External'): { ok: any } | { err: t.EnumValue } {
    const w = new Writer();
    TransactionSource.encodeTo(w, { type: source });
    w.raw(extrinsic);
    H256.encodeTo(w, this.headHash);
    return t.decode(TransactionValidity, this.api('TaggedTransactionQueue_validate_transaction', w.finish())) as any;
  }

  /** Decoded events of the head block. */
  events(): EventRecordValue[] {
    return this.query(() => readEvents()) as EventRecordValue[];
  }

  hex(bytes: Uint8Array): string {
    return toHex(bytes);
  }
}

/** Shorthand for event names: `Pallet.Event`. */
export function eventNames(events: EventRecordValue[]): string[] {
  return events.map(e => `${e.event.type}.${(e.event.value as t.EnumValue).type}`);
}
