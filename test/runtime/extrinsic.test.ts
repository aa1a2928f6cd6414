// Signed extrinsics end to end: signatures made by @polkadot/api's signer (TypeRegistry built from our own metadata,
// no node involved) and by first principles; validity errors for bad proofs, nonces, payment, sudo and eras.
import { describe, it, expect, beforeAll } from 'vitest';
import { TypeRegistry, Metadata } from '@polkadot/types';
import { Keyring } from '@polkadot/keyring';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import * as t from '../../runtime/codec/types.ts';
import { RuntimeApiError } from '../../runtime/frame/runtime_api.ts';
import { System } from '../../runtime/pallets/system/index.ts';
import { freeBalance } from '../../runtime/pallets/balances/index.ts';
import { decodeExtrinsic, encodeExtrinsic, registerSubtensorTxCheck, invalidCustom } from '../../runtime/extrinsic/index.ts';
import { setMetadataHash } from '../../runtime/extrinsic/extensions.ts';
import { MetadataApi } from '../../runtime/runtime.ts';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { mortal } from '../../runtime/extrinsic/era.ts';
import { TestChain, callOf, eventNames } from '../helpers/runtime_harness.ts';

const invalid = (kind: string, value?: number) => ({ err: { type: 'Invalid', value: value === undefined ? { type: kind } : { type: kind, value } } });
const moduleError = (index: number, error: number) => ({ type: 'Module', value: { index, error: new Uint8Array([error, 0, 0, 0]) } });

describe('signed extrinsics', () => {
  let chain: TestChain;
  let registry: TypeRegistry;

  beforeAll(async () => {
    chain = await TestChain.create();
    chain.newBlock();
    const md = t.decode(t.option(t.bytes), chain.api('Metadata_metadata_at_version', t.encode(t.u32, 15)))!;
    registry = new TypeRegistry();
    registry.setMetadata(new Metadata(registry, md));
  });

  /** Signs with polkadot-js: payload assembled by @polkadot/types from our metadata's extension list. */
  function pjsSign(pair: ReturnType<Keyring['addFromUri']>, pallet: string, method: string, args: Record<string, unknown>, opts: { nonce?: number; tip?: number; era?: { current: number; period: number; blockHash: Uint8Array }; mode?: number; metadataHash?: Uint8Array } = {}): Uint8Array {
    const call = registry.createType('Call', { callIndex: registry.findMetaCall(callIndexOf(pallet, method)).callIndex, args });
    const xt = registry.createType('Extrinsic', call, { version: 4 });
    xt.sign(pair, {
      blockHash: opts.era ? opts.era.blockHash : chain.genesisHash,
      genesisHash: chain.genesisHash,
      nonce: opts.nonce ?? chain.nonceOf(pair.publicKey),
      runtimeVersion: { specVersion: 425, transactionVersion: 1 },
      signedExtensions: registry.signedExtensions,
      tip: opts.tip ?? 0,
      era: opts.era ? registry.createType('ExtrinsicEra', { current: opts.era.current, period: opts.era.period }) : registry.createType('ExtrinsicEra', '0x00'),
      mode: opts.mode ?? 0,
      // As hex: polkadot-js reads a Uint8Array given for an Option as its SCALE encoding.
      metadataHash: opts.metadataHash && u8aToHex(opts.metadataHash),
    } as any);
    return xt.toU8a();
  }

  function callIndexOf(pallet: string, method: string): Uint8Array {
    const p = registry.metadata.pallets.find(x => x.name.toString() === pallet)!;
    const variants = registry.lookup.getSiType(p.calls.unwrap().type).def.asVariant.variants;
    const v = variants.find(x => x.name.toString() === method)!;
    return new Uint8Array([p.index.toNumber(), v.index.toNumber()]);
  }

  it('lists the 13 extensions in subtensor order', () => {
    expect(registry.signedExtensions).toEqual(['CheckNonZeroSender', 'CheckSpecVersion', 'CheckTxVersion', 'CheckGenesis', 'CheckMortality',
      'CheckNonce', 'CheckWeight', 'ChargeTransactionPayment', 'SudoTransactionExtension', 'CheckShieldedTxValidity',
      'SubtensorTransactionExtension', 'DrandPriority', 'CheckMetadataHash']);
  });

  it('accepts a transfer signed by polkadot-js and rejects the same bytes with one flipped byte (BadProof)', () => {
    const xt = pjsSign(chain.alice, 'Balances', 'transfer_keep_alive', { dest: { Id: chain.bob.address }, value: 12_345 }, { tip: 7 });
    // Our decoder reads what polkadot-js built.
    const d = decodeExtrinsic(xt);
    expect(d.call.type).toBe('Balances');
    expect(d.call.value.value.value).toBe(12_345n);
    expect(d.signed!.extra[7]).toBe(7n);
    const flipped = xt.slice();
    flipped[flipped.length - 1] ^= 0x01; // inside the call's compact amount: the signed payload changes
    expect(chain.validate(flipped)).toEqual(invalid('BadProof'));
    expect('ok' in chain.validate(xt)).toBe(true);
    const bobBefore = chain.query(() => freeBalance(chain.bob.publicKey));
    const bad = chain.applyInBlock(flipped);
    expect(bad.result).toEqual(invalid('BadProof'));
    expect(bad.events).toEqual([]);
    const good = chain.applyInBlock(xt);
    expect(good.result).toEqual({ ok: { ok: [] } });
    expect(eventNames(good.events)).toEqual(['Balances.Withdraw', 'Balances.Transfer', 'Balances.Deposit', 'TransactionPayment.TransactionFeePaid', 'System.ExtrinsicSuccess']);
    expect(chain.query(() => freeBalance(chain.bob.publicKey))).toBe(bobBefore + 12_345n);
  });

  it('accepts a mortal-era extrinsic signed by polkadot-js, and rejects it once the era has passed', () => {
    const current = chain.headNumber;
    const xt = pjsSign(chain.alice, 'System', 'remark', { remark: '0x01' }, { era: { current, period: 4, blockHash: chain.headHash } });
    const v = chain.validate(xt) as { ok: { longevity: bigint } };
    expect('ok' in v).toBe(true);
    // Era (period 4, phase current % 4): born at block `current`, dead at current + 4; validated for current + 1.
    expect(v.ok.longevity).toBe(3n);
    for (let i = 0; i < 5; i++) chain.newBlock();
    // Now the birth block implied by the era is a different block: the signed payload no longer matches.
    expect(chain.validate(xt)).toEqual(invalid('BadProof'));
  });

  it('signs from first principles too (sr25519, ed25519 and ecdsa accounts)', () => {
    const ed = new Keyring({ type: 'ed25519' }).addFromUri('//EdTester');
    const ec = new Keyring({ type: 'ecdsa' }).addFromUri('//EcTester');
    const ecAccount = blake2AsU8a(ec.publicKey, 256); // ecdsa accounts are blake2-256 of the compressed key
    for (const dest of [ed.publicKey, ecAccount]) {
      expect(chain.signAndApply(chain.alice, 'Balances', 'transfer_allow_death', { dest: { type: 'Id', value: dest }, value: 10_000_000_000n }).result).toEqual({ ok: { ok: [] } });
    }
    expect(chain.signAndApply(ed, 'System', 'remark_with_event', { remark: new Uint8Array([9]) }).result).toEqual({ ok: { ok: [] } });
    const ecXt = chain.sign({ ...ec, publicKey: ecAccount, type: 'ecdsa', sign: (m: Uint8Array) => ec.sign(m) } as any, callOf('System', 'remark', { remark: new Uint8Array([1]) }));
    expect(chain.applyInBlock(ecXt).result).toEqual({ ok: { ok: [] } });
    chain.query(() => {
      expect(System.storage.Account.get(ed.publicKey).nonce).toBe(1);
      expect(System.storage.Account.get(ecAccount).nonce).toBe(1);
    });
  });

  it('rejects stale nonces and queues future ones (Future when applied)', () => {
    const nonce = chain.nonceOf(chain.charlie.publicKey);
    const remark = callOf('System', 'remark', { remark: new Uint8Array([2]) });
    const future = chain.sign(chain.charlie, remark, { nonce: nonce + 1 });
    const v = chain.validate(future) as { ok: { requires: Uint8Array[]; provides: Uint8Array[] } };
    // Pool validity: provides (who, nonce+1), requires (who, nonce).
    const tag = (n: number) => new Uint8Array([...chain.charlie.publicKey, ...t.encode(t.u32, n)]);
    expect(v.ok.provides).toEqual([tag(nonce + 1)]);
    expect(v.ok.requires).toEqual([tag(nonce)]);
    expect(chain.applyInBlock(future).result).toEqual(invalid('Future'));
    expect(chain.applyInBlock(chain.sign(chain.charlie, remark, { nonce })).result).toEqual({ ok: { ok: [] } });
    const stale = chain.sign(chain.charlie, remark, { nonce });
    expect(chain.validate(stale)).toEqual(invalid('Stale'));
    expect(chain.applyInBlock(stale).result).toEqual(invalid('Stale'));
  });

  it('rejects senders who cannot pay (Payment), including accounts that do not exist', () => {
    const poor = new Keyring({ type: 'sr25519' }).addFromUri('//Poor');
    const remark = callOf('System', 'remark', { remark: new Uint8Array([3]) });
    expect(chain.validate(chain.sign(poor, remark))).toEqual(invalid('Payment'));
    // Funded with 600 rao: the fee (≈55k rao) would take it below the existential deposit.
    expect(chain.signAndApply(chain.alice, 'Balances', 'transfer_allow_death', { dest: { type: 'Id', value: poor.publicKey }, value: 600n }).result).toEqual({ ok: { ok: [] } });
    const xt = chain.sign(poor, remark);
    expect(chain.validate(xt)).toEqual(invalid('Payment'));
    expect(chain.applyInBlock(xt).result).toEqual(invalid('Payment'));
    expect(chain.query(() => freeBalance(poor.publicKey))).toBe(600n);
  });

  it('lets only the sudo key use Sudo: BadSigner in the pool, RequireSudo / BadOrigin in dispatch', () => {
    const inner = callOf('Balances', 'force_set_balance', { who: { type: 'Id', value: chain.eve.publicKey }, new_free: 5_000_000_000n });
    // subtensor's SudoTransactionExtension rejects a Sudo call from any other signer before it reaches the pool.
    const bobSudo = chain.sign(chain.bob, callOf('Sudo', 'sudo', { call: inner }));
    expect(chain.validate(bobSudo)).toEqual(invalid('BadSigner'));
    expect(chain.applyInBlock(bobSudo).result).toEqual(invalid('BadSigner'));
    // The pallet's own check (what a dispatch that skips the extension meets): Sudo.RequireSudo = module 12, error 0.
    const r = chain.dispatch({ kind: 'Signed', who: chain.bob.publicKey }, 'Sudo', 'sudo', { call: inner });
    expect(r).toMatchObject({ ok: false, error: moduleError(12, 0) });
    // Root-only call signed directly by Bob: dispatched, fee paid, ExtrinsicFailed(BadOrigin).
    const direct = chain.signAndApply(chain.bob, 'Balances', 'force_set_balance', { who: { type: 'Id', value: chain.eve.publicKey }, new_free: 1n });
    expect(direct.result).toEqual({ ok: { err: { type: 'BadOrigin' } } });
    const failed = direct.events.find(e => e.event.type === 'System')!.event.value;
    expect(failed.type).toBe('ExtrinsicFailed');
    expect(failed.value.dispatch_error).toEqual({ type: 'BadOrigin' });
    // Wrapped in batch_all, the call passes the pool (the extension looks at the outer call only) and fails in
    // dispatch: ExtrinsicFailed with Sudo.RequireSudo, fee charged.
    const wrapped = chain.signAndApply(chain.bob, 'Utility', 'batch_all', { calls: [callOf('Sudo', 'sudo', { call: inner })] });
    expect(wrapped.result).toEqual({ ok: { err: moduleError(12, 0) } });
    const wf = wrapped.events.find(e => e.event.type === 'System')!.event.value;
    expect(wf.type).toBe('ExtrinsicFailed');
    expect(wf.value.dispatch_error).toEqual(moduleError(12, 0));
    expect(eventNames(wrapped.events)).toContain('TransactionPayment.TransactionFeePaid');
    // Alice's sudo works, emits Sudid(Ok) and is free.
    const aliceBefore = chain.query(() => freeBalance(chain.alice.publicKey));
    const ok = chain.signAndApply(chain.alice, 'Sudo', 'sudo', { call: inner });
    expect(ok.result).toEqual({ ok: { ok: [] } });
    expect(eventNames(ok.events)).toContain('Sudo.Sudid');
    expect(ok.events.find(e => e.event.value.type === 'Sudid')!.event.value.value).toEqual({ sudo_result: { ok: [] } });
    expect(chain.query(() => freeBalance(chain.eve.publicKey))).toBe(5_000_000_000n);
    expect(chain.query(() => freeBalance(chain.alice.publicKey))).toBe(aliceBefore);
    // A failing inner call is reported inside Sudid; the sudo extrinsic itself succeeds.
    const failing = chain.signAndApply(chain.alice, 'Sudo', 'sudo', { call: callOf('System', 'remark_with_event', { remark: new Uint8Array() }) });
    expect(failing.result).toEqual({ ok: { ok: [] } });
    expect(failing.events.find(e => e.event.value.type === 'Sudid')!.event.value.value).toEqual({ sudo_result: { err: { type: 'BadOrigin' } } });
  });

  it('rejects an era whose birth block hash is unknown (AncientBirthBlock) and oversized extrinsics (ExhaustsResources)', () => {
    // Era born at the head block; then the head's BlockHash entry is removed (root kill_storage), as pruning would.
    const born = chain.headNumber;
    const xt = chain.sign(chain.bob, callOf('System', 'remark', { remark: new Uint8Array([5]) }), { era: mortal(64, born) });
    const key = chain.query(() => System.storage.BlockHash.keyOf(born));
    expect(chain.dispatch({ kind: 'Root' }, 'System', 'kill_storage', { keys: [Buffer.from(key.slice(2), 'hex')] }).ok).toBe(true);
    expect(chain.validate(xt)).toEqual(invalid('AncientBirthBlock'));
    // Longer than the Normal class's share of the 10 MiB block (7_864_320 bytes).
    const big = chain.sign(chain.bob, callOf('System', 'remark', { remark: new Uint8Array(7_864_400) }));
    expect(chain.validate(big)).toEqual(invalid('ExhaustsResources'));
    // Declared weight above max_extrinsic for Normal (2_599_891_843_000).
    const heavy = chain.sign(chain.bob, callOf('Utility', 'with_weight', { call: callOf('System', 'remark', { remark: new Uint8Array() }), weight: { ref_time: 2_600_000_000_000n, proof_size: 0n } }));
    expect(chain.validate(heavy)).toEqual(invalid('ExhaustsResources'));
  });

  it('CheckMetadataHash mode 1 signs Some(RFC-78 metadata hash) as the metadata-hash build does; mode 0 signs None', () => {
    // The digest as a wallet computes it: @polkadot-api/merkleize-metadata over the V15 metadata the runtime serves,
    // with subtensor's build parameters (runtime/build.rs: `enable_metadata_hash("TAO", 9)`).
    const md = t.decode(t.option(t.bytes), chain.api('Metadata_metadata_at_version', t.encode(t.u32, 15)))!;
    const digest = merkleizeMetadata(md, { decimals: 9, tokenSymbol: 'TAO' }).digest();
    const transfer = (opts: { mode?: number; metadataHash?: Uint8Array }) =>
      chain.validate(pjsSign(chain.bob, 'Balances', 'transfer_keep_alive', { dest: { Id: chain.charlie.address }, value: 1_000 }, opts));
    expect('ok' in transfer({ mode: 1, metadataHash: digest })).toBe(true);
    expect('ok' in transfer({})).toBe(true);
    const wrong = digest.slice();
    wrong[31] ^= 1;
    expect(transfer({ mode: 1, metadataHash: wrong })).toEqual(invalid('BadProof'));
    // Mode 1 signed without the hash (what this runtime accepted before it knew its hash), and mode 0 with one.
    expect(transfer({ mode: 1 })).toEqual(invalid('BadProof'));
    expect(transfer({ mode: 0, metadataHash: digest })).toEqual(invalid('BadProof'));
    // A runtime built without the feature has no hash: mode 1 is UnknownTransaction::CannotLookup (frame's test
    // rejects_when_no_metadata_hash_was_passed); mode 0 is unaffected.
    setMetadataHash(null);
    try {
      const remark = callOf('System', 'remark', { remark: new Uint8Array([6]) });
      expect(chain.validate(chain.sign(chain.bob, remark, { metadataHashMode: 'Disabled' }))).toHaveProperty('ok');
      expect(() => chain.sign(chain.bob, remark, { metadataHashMode: 'Enabled' })).toThrow();
      const xt = transfer({ mode: 1, metadataHash: digest });
      expect(xt).toEqual({ err: { type: 'Unknown', value: { type: 'CannotLookup' } } });
    } finally {
      setMetadataHash(() => MetadataApi.cache.metadataHash({ decimals: 9, tokenSymbol: 'TAO' }));
    }
    expect('ok' in transfer({ mode: 1, metadataHash: digest })).toBe(true);
  });

  it('runs registered SubtensorTransactionExtension checks in the pool and before dispatch', () => {
    const unregister = registerSubtensorTxCheck((_who, call) => {
      if (call.type === 'System' && call.value.type === 'remark' && call.value.value.remark[0] === 0xee) throw invalidCustom(42);
    });
    try {
      const rejected = chain.sign(chain.dave, callOf('System', 'remark', { remark: new Uint8Array([0xee]) }));
      expect(chain.validate(rejected)).toEqual(invalid('Custom', 42));
      const nonce = chain.nonceOf(chain.dave.publicKey);
      expect(chain.applyInBlock(rejected).result).toEqual(invalid('Custom', 42));
      expect(chain.nonceOf(chain.dave.publicKey)).toBe(nonce); // rejected before inclusion: nothing charged
      expect(chain.applyInBlock(chain.sign(chain.dave, callOf('System', 'remark', { remark: new Uint8Array([0xef]) }))).result).toEqual({ ok: { ok: [] } });
    } finally {
      unregister();
    }
    expect('ok' in chain.validate(chain.sign(chain.dave, callOf('System', 'remark', { remark: new Uint8Array([0xee]) })))).toBe(true);
  });

  it('resolves MultiAddress::Id and Address32; other signer addresses cannot be looked up', () => {
    const xt = decodeExtrinsic(chain.sign(chain.bob, callOf('System', 'remark', { remark: new Uint8Array([4]) })));
    for (const address of [{ type: 'Index', value: [] }, { type: 'Raw', value: new Uint8Array([1, 2]) }, { type: 'Address20', value: new Uint8Array(20) }]) {
      const bad = encodeExtrinsic(xt.callBytes, { ...xt.signed!, address });
      expect(chain.validate(bad)).toEqual({ err: { type: 'Unknown', value: { type: 'CannotLookup' } } });
    }
    const viaAddress32 = chain.signAndApply(chain.bob, 'Balances', 'transfer_keep_alive', { dest: { type: 'Address32', value: chain.ferdie.publicKey }, value: 777n });
    expect(viaAddress32.result).toEqual({ ok: { ok: [] } });
    const viaIndex = chain.signAndApply(chain.bob, 'Balances', 'transfer_keep_alive', { dest: { type: 'Index', value: [] }, value: 777n });
    expect(viaIndex.result).toEqual({ ok: { err: { type: 'CannotLookup' } } });
  });

  it('turns undecodable input into clean validity errors, never a crash', () => {
    const garbage = [new Uint8Array([0x08, 0x84, 0xff]), new Uint8Array([0x04, 0x05]), new Uint8Array([0x0c, 0x04, 0x63, 0x00])];
    for (const g of garbage) {
      expect(chain.validate(g)).toEqual(invalid('Call'));
      expect(chain.applyInBlock(g).result).toEqual(invalid('Call'));
    }
    // Arguments that do not even frame an extrinsic are an API-level decode error.
    expect(() => chain.api('TaggedTransactionQueue_validate_transaction', new Uint8Array([2, 0xff]))).toThrow(RuntimeApiError);
    expect(() => chain.api('TransactionPaymentApi_query_info', new Uint8Array([0x08, 0x84, 0xff, 0, 0, 0, 0]))).toThrow(RuntimeApiError);
    // An unsigned non-inherent call has no validator; an unsigned inherent cannot come from the pool.
    const unsignedRemark = new Uint8Array([0x10, 0x04, 0x00, 0x00, 0x00]);
    // Deeply nested calls (Utility.as_derivative 5_000 times) are refused quickly instead of exhausting the stack;
    // moderate nesting still validates (weights of wrappers are computed in linear time).
    const nest = (depth: number) => {
      const bytes = new Uint8Array(depth * 4 + 3); // as_derivative(0, ...) × depth, then System.remark(b"")
      for (let i = 0; i < depth; i++) bytes.set([0x0b, 0x01, 0, 0], i * 4);
      return chain.sign(chain.alice, bytes);
    };
    expect(chain.validate(nest(5_000))).toEqual(invalid('Call'));
    expect('ok' in chain.validate(nest(100))).toBe(true);
    expect(chain.validate(unsignedRemark)).toEqual({ err: { type: 'Unknown', value: { type: 'NoUnsignedValidator' } } });
  });
});
