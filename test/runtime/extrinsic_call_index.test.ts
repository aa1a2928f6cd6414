// extrinsicCallIndex reads only an extrinsic's header, address, signature and extensions: it must name the same
// call as the full decode for every extrinsic that decodes, and never throw.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { TestChain, callOf } from '../helpers/runtime_harness.ts';
import { decodeExtrinsic, extrinsicCallIndex } from '../../runtime/extrinsic/index.ts';
import { tryDecodeShieldedTx } from '../../runtime/pallets/shield/runtime_api.ts';

const chain = await TestChain.create();
const transfer = chain.sign(chain.alice, callOf('Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: chain.bob.publicKey }, value: 5n }), { nonce: 0 });
// A submit_encrypted wrapper with a ciphertext laid out as the clients send it: key hash 16, u16 LE 1088, KEM
// ciphertext, 24-byte nonce, AEAD ciphertext.
const ciphertext = new Uint8Array(16 + 2 + 1088 + 24 + 40);
ciphertext.set([1088 & 0xff, 1088 >> 8], 16);
const wrapper = chain.sign(chain.alice, callOf('MevShield', 'submit_encrypted', { ciphertext }), { nonce: 0 });

describe('extrinsicCallIndex', () => {
  it('names the call the full decode finds, signed and unsigned', () => {
    for (const xt of [transfer, wrapper]) {
      const { callBytes } = decodeExtrinsic(xt);
      expect(extrinsicCallIndex(xt)).toEqual([callBytes[0], callBytes[1]]);
    }
    // Balances is pallet 5, transfer_keep_alive call 3 at subtensor HEAD; MevShield 30, submit_encrypted 1.
    expect(extrinsicCallIndex(transfer)).toEqual([5, 3]);
    expect(extrinsicCallIndex(wrapper)).toEqual([30, 1]);
  });

  it('is null for truncated or padded bytes, never throws', () => {
    expect(extrinsicCallIndex(transfer.slice(0, 40))).toBeNull();
    expect(extrinsicCallIndex(new Uint8Array([...transfer, 0]))).toBeNull();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), bytes => {
      const idx = extrinsicCallIndex(bytes);
      let full: ReturnType<typeof decodeExtrinsic> | null = null;
      try { full = decodeExtrinsic(bytes); } catch { /* not an extrinsic */ }
      if (full) expect(idx).toEqual([full.callBytes[0], full.callBytes[1]]);
    }), { numRuns: 2000 });
  });

  it('lets the block builder tell a shielded wrapper from a plain transaction', () => {
    expect(tryDecodeShieldedTx(transfer)).toBeNull();
    expect(tryDecodeShieldedTx(wrapper)).not.toBeNull();
  });
});
