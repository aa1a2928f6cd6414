// pallet_drand (26) through the runtime APIs, as blocks are built: write_pulse as HEAD's offchain worker submits it
// (unsigned, one pulse, sr25519-signed payload), its pool validity (validate_unsigned), BLS verification against the
// beacon key in BeaconConfig, storage, events, errors and pruning.
import { readFileSync } from 'node:fs';
import { describe, it, expect, beforeAll } from 'vitest';
import { blake2AsU8a } from '@polkadot/util-crypto';
import * as t from '../../runtime/codec/types.ts';
import { fromHex, toHex } from '../../runtime/codec/scale.ts';
import { OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { unsignedExtrinsic } from '../../runtime/extrinsic/index.ts';
import { Drand } from '../../runtime/pallets/drand/index.ts';
import { PulsesPayload } from '../../runtime/pallets/drand/types.ts';
import { devBeaconConfig, devPulse, writePulseExtrinsic, type PulseJson } from '../../node/drand.ts';
import { devKey } from '../../node/keys.ts';
import { TestChain } from '../helpers/runtime_harness.ts';
import { DRAND_QUICKNET_PATH } from '../fixtures/paths.ts';

const Q = JSON.parse(readFileSync(DRAND_QUICKNET_PATH, 'utf8'));
const realPulse = (i: number): PulseJson => ({
  round: BigInt(Q.pulses[i].round), signature: fromHex(Q.pulses[i].signature),
  randomness: fromHex(Q.pulses[i].randomness ?? '00'.repeat(32)),
});
const U64_MAX = (1n << 64n) - 1n;

/** write_pulse built from the runtime's codecs (the node builds the same bytes by hand: checked below). */
function writePulse(c: TestChain, pulses: PulseJson[], opts: { blockNumber?: number; signer?: string; signature?: 'none' | 'wrong' } = {}): Uint8Array {
  const pair = c.pair(opts.signer ?? '//DrandOffchainWorker');
  const payload = { block_number: opts.blockNumber ?? c.headNumber, pulses, public: { type: 'Sr25519', value: pair.publicKey } };
  let sig = pair.sign(t.encode(PulsesPayload, payload));
  if (opts.signature === 'wrong') sig = c.pair('//Mallory').sign(t.encode(PulsesPayload, payload));
  const signature = opts.signature === 'none' ? null : { type: 'Sr25519', value: sig };
  return unsignedExtrinsic({ type: 'Drand', value: { type: 'write_pulse', value: { pulses_payload: payload, signature } } });
}

function setStorage(c: TestChain, fn: () => void): void {
  const o = new OverlayState(c.state);
  withState(o, fn);
  c.state.apply(o.changes());
}

const drandEvents = (events: { event: t.EnumValue }[]) => events.filter(e => e.event.type === 'Drand').map(e => e.event.value);

describe('Drand.write_pulse with quicknet (default BeaconConfig) and real pulses', () => {
  let c: TestChain;
  beforeAll(async () => { c = await TestChain.create(); c.newBlock(); });

  it('the node encodes write_pulse exactly as the runtime codecs do', () => {
    const key = devKey('//DrandOffchainWorker');
    expect(c.pair('//DrandOffchainWorker').publicKey).toEqual(key.publicKey);
    // sr25519 signatures are randomized: compare everything but the last 64 bytes.
    const ours = writePulseExtrinsic(key, 7, realPulse(0));
    const theirs = writePulse(c, [realPulse(0)], { blockNumber: 7 });
    expect(toHex(ours.subarray(0, ours.length - 64))).toBe(toHex(theirs.subarray(0, theirs.length - 64)));
  });

  it('validates as HEAD: priority UnsignedPriority + (u64::MAX − round) saturated, tag blake2((b"drand", round)), longevity 3, not propagated', () => {
    const v = c.validate(writePulse(c, [realPulse(0)]));
    expect('ok' in v).toBe(true);
    const ok = (v as any).ok;
    expect(ok.priority).toBe(U64_MAX);
    expect(ok.longevity).toBe(3n);
    expect(ok.propagate).toBe(false);
    expect(ok.requires).toEqual([]);
    // ("DrandOffchainWorker": &str, blake2_256(b"drand" ++ u64 LE round)).
    const prefix = t.encode(t.bytes, new TextEncoder().encode('DrandOffchainWorker'));
    const inner = new Uint8Array([...new TextEncoder().encode('drand'), ...t.encode(t.u64, 1000n)]);
    expect(toHex(ok.provides[0])).toBe(toHex(new Uint8Array([...prefix, ...blake2AsU8a(inner, 256)])));
  });

  it('stores the verified pulse: Pulses, LastStoredRound, OldestStoredRound (first storage), NextUnsignedAt, NewPulse', () => {
    const { result, events, block } = c.applyInBlock(writePulse(c, [realPulse(0)]));
    expect(result).toEqual({ ok: { ok: [] } });
    expect(drandEvents(events)).toEqual([{ type: 'NewPulse', value: { rounds: [1000n] } }]);
    c.query(() => {
      expect(Drand.storage.Pulses.get(1000n)?.signature).toEqual(fromHex(Q.pulses[0].signature));
      expect(Drand.storage.LastStoredRound.get()).toBe(1000n);
      expect(Drand.storage.OldestStoredRound.get()).toBe(1000n);
      expect(Drand.storage.NextUnsignedAt.get()).toBe(block.number);
    });
  });

  it('a later round moves LastStoredRound only; a stored round is Stale in the pool', () => {
    c.applyInBlock(writePulse(c, [realPulse(1)]));
    c.query(() => {
      expect(Drand.storage.LastStoredRound.get()).toBe(2000n);
      expect(Drand.storage.OldestStoredRound.get()).toBe(1000n);
    });
    expect(c.validate(writePulse(c, [realPulse(0)]))).toEqual({ err: { type: 'Invalid', value: { type: 'Stale' } } });
  });

  it('refuses in the pool: no payload signature (BadSigner), a wrong one (BadProof), two pulses (Call), a future block (Future)', () => {
    const next = { ...realPulse(1), round: 3000n };
    expect(c.validate(writePulse(c, [next], { signature: 'none' }))).toEqual({ err: { type: 'Invalid', value: { type: 'BadSigner' } } });
    expect(c.validate(writePulse(c, [next], { signature: 'wrong' }))).toEqual({ err: { type: 'Invalid', value: { type: 'BadProof' } } });
    expect(c.validate(writePulse(c, [next, { ...next, round: 3001n }]))).toEqual({ err: { type: 'Invalid', value: { type: 'Call' } } });
    expect(c.validate(writePulse(c, [next], { blockNumber: c.headNumber + 5 }))).toEqual({ err: { type: 'Invalid', value: { type: 'Future' } } });
  });

  it('a signature of another round is skipped without error or event (HEAD: unverified pulses are ignored)', () => {
    const forged = { ...realPulse(0), round: 2001n }; // round 1000's signature claimed for 2001
    const { result, events } = c.applyInBlock(writePulse(c, [forged]));
    expect(result).toEqual({ ok: { ok: [] } });
    expect(drandEvents(events)).toEqual([]);
    c.query(() => {
      expect(Drand.storage.Pulses.get(2001n)).toBeNull();
      expect(Drand.storage.LastStoredRound.get()).toBe(2000n);
    });
  });

  it('signature bytes that are no curve point fail the call with PulseVerificationError, writing nothing', () => {
    const garbage = { ...realPulse(0), round: 2002n, signature: new Uint8Array(48).fill(7) };
    const { result, events } = c.applyInBlock(writePulse(c, [garbage]));
    expect(result).toEqual({ ok: { err: { type: 'Module', value: { index: 26, error: fromHex('0x05000000') } } } });
    expect(events.some(e => e.event.type === 'System' && e.event.value.type === 'ExtrinsicFailed')).toBe(true);
    c.query(() => expect(Drand.storage.LastStoredRound.get()).toBe(2000n));
  });
});

describe('Drand with the dev beacon key in BeaconConfig', () => {
  let c: TestChain;
  beforeAll(async () => { c = await TestChain.create({ genesis: { drandBeaconConfig: devBeaconConfig() } }); c.newBlock(); });

  it('accepts the dev beacon pulses and rejects quicknet ones (verified against the configured key)', () => {
    c.applyInBlock(writePulse(c, [realPulse(0)]));
    c.query(() => expect(Drand.storage.LastStoredRound.get()).toBe(0n));
    c.applyInBlock(writePulse(c, [devPulse(1000n)]));
    c.query(() => expect(Drand.storage.LastStoredRound.get()).toBe(1000n));
  });

  it('prunes pulses older than 216,000 rounds behind the last, at most 100 per call', () => {
    setStorage(c, () => {
      for (let r = 1n; r <= 150n; r++) Drand.storage.Pulses.set(r, { round: r, randomness: new Uint8Array(32), signature: new Uint8Array(48) });
      Drand.storage.OldestStoredRound.set(1n);
    });
    const round = 216_000n + 120n; // keeps rounds ≥ 121: 120 to remove, capped at 100
    c.applyInBlock(writePulse(c, [devPulse(round)]));
    c.query(() => {
      expect(Drand.storage.OldestStoredRound.get()).toBe(101n);
      expect(Drand.storage.Pulses.get(100n)).toBeNull();
      expect(Drand.storage.Pulses.get(101n)).not.toBeNull();
      expect(Drand.storage.Pulses.get(round)).not.toBeNull();
    });
  });

  it('set_oldest_stored_round and set_beacon_config are root only', () => {
    const r = c.dispatch({ kind: 'Root' }, 'Drand', 'set_oldest_stored_round', { oldest_round: 5n });
    expect(r.ok).toBe(true);
    expect(drandEvents(r.events)).toEqual([{ type: 'SetOldestStoredRound', value: [5n] }]);
    const bad = c.dispatch({ kind: 'Signed', who: c.alice.publicKey }, 'Drand', 'set_oldest_stored_round', { oldest_round: 6n });
    expect(bad.error).toEqual({ type: 'BadOrigin' });
  });
});
