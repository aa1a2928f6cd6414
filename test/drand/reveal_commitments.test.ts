// Timelocked Commitments (pallet_commitments set_commitment with TimelockEncrypted fields) revealed in on_initialize as
// HEAD's reveal_timelocked_commitments does, once the reveal round's pulse is stored (through Drand.write_pulse with
// the real quicknet pulse of round 1000). Plaintexts are what bittensor-drand's encrypt_commitment encrypts.
import { readFileSync } from 'node:fs';
import { describe, it, expect, beforeAll } from 'vitest';
import * as t from '../../runtime/codec/types.ts';
import { fromHex } from '../../runtime/codec/scale.ts';
import { unsignedExtrinsic } from '../../runtime/extrinsic/index.ts';
import { Commitments } from '../../runtime/pallets/commitments/index.ts';
import { PulsesPayload } from '../../runtime/pallets/drand/types.ts';
import { TestChain } from '../helpers/runtime_harness.ts';
import { tlockEncrypt, commitmentPlaintext } from '../helpers/tlock_encrypt.ts';
import { DRAND_QUICKNET_PATH } from '../fixtures/paths.ts';

const Q = JSON.parse(readFileSync(DRAND_QUICKNET_PATH, 'utf8'));
const QUICKNET_PK = fromHex(Q.info.public_key);
const NETUID = 1;

function writePulse1000(c: TestChain): Uint8Array {
  const pair = c.pair('//DrandOffchainWorker');
  const p = Q.pulses[0];
  const payload = { block_number: c.headNumber, pulses: [{ round: 1000n, randomness: fromHex(p.randomness), signature: fromHex(p.signature) }], public: { type: 'Sr25519', value: pair.publicKey } };
  const signature = { type: 'Sr25519', value: pair.sign(t.encode(PulsesPayload, payload)) };
  return unsignedExtrinsic({ type: 'Drand', value: { type: 'write_pulse', value: { pulses_payload: payload, signature } } });
}

const timelocked = (encrypted: Uint8Array, round: bigint) => ({ type: 'TimelockEncrypted', value: { encrypted, reveal_round: round } });
const raw = (s: string) => { const b = new TextEncoder().encode(s); return { type: `Raw${b.length}`, value: b }; };

describe('timelocked commitments reveal', () => {
  let c: TestChain;
  beforeAll(async () => {
    c = await TestChain.create();
    for (const who of [c.bob, c.charlie, c.dave]) {
      const r = c.signAndApply(c.alice, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: who.publicKey });
      expect(r.result).toEqual({ ok: { ok: [] } });
    }
  });

  it('stores the commitments until the pulse exists, then reveals, keeps other fields and drops undecryptable ones', () => {
    const secret = 'hello from bittensor-drand';
    const ok = c.signAndApply(c.bob, 'Commitments', 'set_commitment', { netuid: NETUID, info: { fields: [timelocked(tlockEncrypt(commitmentPlaintext(secret), 1000n, QUICKNET_PK, 'bob'), 1000n)] } });
    expect(ok.result).toEqual({ ok: { ok: [] } });
    // Charlie: a plain field plus garbage under the same round. Dave: a round whose pulse never comes.
    c.signAndApply(c.charlie, 'Commitments', 'set_commitment', { netuid: NETUID, info: { fields: [raw('keep me'), timelocked(new Uint8Array(120).fill(1), 1000n)] } });
    c.signAndApply(c.dave, 'Commitments', 'set_commitment', { netuid: NETUID, info: { fields: [timelocked(tlockEncrypt(commitmentPlaintext('later'), 5000n, QUICKNET_PK, 'dave'), 5000n)] } });
    c.newBlock();
    c.query(() => expect(Commitments.storage.TimelockedIndex.get().length).toBe(3));

    c.applyInBlock(writePulse1000(c)); // the pulse lands in this block …
    const { events, number } = c.newBlock(); // … and the next block's on_initialize reveals
    const revealedBy = events.filter(e => e.event.type === 'Commitments' && e.event.value.type === 'CommitmentRevealed').map(e => e.event.value.value.who);
    expect(revealedBy).toEqual([c.bob.publicKey]);
    c.query(() => {
      const st = Commitments.storage;
      expect(st.RevealedCommitments.get(NETUID, c.bob.publicKey)).toEqual([[commitmentPlaintext(secret), BigInt(number)]]);
      expect(st.CommitmentOf.get(NETUID, c.bob.publicKey)).toBeNull();
      // Charlie's garbage field is gone without a reveal; the raw field stays and the index forgets him.
      expect(st.RevealedCommitments.get(NETUID, c.charlie.publicKey)).toBeNull();
      expect(st.CommitmentOf.get(NETUID, c.charlie.publicKey)!.info.fields).toEqual([raw('keep me')]);
      const index = st.TimelockedIndex.get().map(([n, a]) => [n, Buffer.from(a).toString('hex')]);
      expect(index).toEqual([[NETUID, Buffer.from(c.dave.publicKey).toString('hex')]]);
      expect(st.CommitmentOf.get(NETUID, c.dave.publicKey)!.info.fields[0].type).toBe('TimelockEncrypted');
    });
  });
});
