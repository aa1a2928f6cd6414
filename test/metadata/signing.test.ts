// The extension section of our metadata is what lets a client sign: polkadot-js builds the signed payload from
// it. A transaction signed by polkadot-js with only our metadata must decode and verify in the runtime.
import { describe, it, expect, beforeAll } from 'vitest';
import { TypeRegistry, Metadata } from '@polkadot/types';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import * as t from '../../runtime/codec/types.ts';
import { createRuntime } from '../../runtime/index.ts';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { initCrypto } from '../../runtime/crypto/hashing.ts';
import { decodeExtrinsic, encodeExtra, encodeAdditional, signingPayload, verifySignature, SIGNED_EXTENSIONS } from '../../runtime/extrinsic/index.ts';
import { SPEC_VERSION, TRANSACTION_VERSION } from '../../runtime/version.ts';

let registry: TypeRegistry;

beforeAll(async () => {
  await cryptoWaitReady();
  await initCrypto();
  const runtime = createRuntime();
  const out = runtime.call('Metadata_metadata_at_version', t.encode(t.u32, 15), new OverlayState(new MemoryState()));
  registry = new TypeRegistry();
  registry.setMetadata(new Metadata(registry, t.decode(t.option(t.bytes), out)!));
});

describe('signing with polkadot-js from our metadata', () => {
  it('produces an extrinsic the runtime decodes and whose signature verifies over the runtime payload', () => {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
    const genesisHash = '0x' + '11'.repeat(32);
    const blockHash = '0x' + '22'.repeat(32);
    const method = registry.createType('Call', { callIndex: [5, 3], args: { dest: { Id: bob.address }, value: 1_000_000_000n } });
    const xt = registry.createType('Extrinsic', { method }, { version: 4 });
    xt.sign(alice, {
      blockHash, genesisHash, nonce: 5, tip: 7,
      era: registry.createType('ExtrinsicEra', { current: 100, period: 64 }),
      runtimeVersion: { specVersion: SPEC_VERSION, transactionVersion: TRANSACTION_VERSION } as any,
      signedExtensions: registry.signedExtensions,
    } as any);

    const decoded = decodeExtrinsic(xt.toU8a());
    expect(decoded.call).toEqual({ type: 'Balances', value: { type: 'transfer_keep_alive', value: { dest: { type: 'Id', value: bob.publicKey }, value: 1_000_000_000n } } });
    expect(decoded.signed!.address).toEqual({ type: 'Id', value: alice.publicKey });
    const extra = decoded.signed!.extra;
    const ids = SIGNED_EXTENSIONS.map(e => e.identifier);
    expect(extra[ids.indexOf('CheckNonce')]).toBe(5);
    expect(extra[ids.indexOf('ChargeTransactionPayment')]).toBe(7n);
    expect(extra[ids.indexOf('CheckMortality')]).toEqual({ period: 64n, phase: 36n });

    // The implicit data the runtime signs over, per extension.
    const additional = SIGNED_EXTENSIONS.map(e => {
      switch (e.identifier) {
        case 'CheckSpecVersion': return SPEC_VERSION;
        case 'CheckTxVersion': return TRANSACTION_VERSION;
        case 'CheckGenesis': return Uint8Array.from(Buffer.from(genesisHash.slice(2), 'hex'));
        case 'CheckMortality': return Uint8Array.from(Buffer.from(blockHash.slice(2), 'hex'));
        case 'CheckMetadataHash': return null;
        default: return e.additional === t.unit ? [] : (() => { throw new Error(`unexpected implicit data for ${e.identifier}`); })();
      }
    });
    const payload = signingPayload(decoded.callBytes, encodeExtra(extra), encodeAdditional(additional));
    expect(verifySignature(decoded.signed!.signature, payload, alice.publicKey)).toBe(true);
    // And polkadot-js's own payload is byte-identical to ours.
    const pjsPayload = registry.createType('ExtrinsicPayload', {
      method: method.toHex(), era: xt.era, nonce: 5, tip: 7, specVersion: SPEC_VERSION, transactionVersion: TRANSACTION_VERSION,
      genesisHash, blockHash, mode: 0,
    }, { version: 4 });
    expect(u8aToHex(pjsPayload.toU8a({ method: true }))).toBe(u8aToHex(signingPayload(decoded.callBytes, encodeExtra(extra), encodeAdditional(additional))));
  });
});
