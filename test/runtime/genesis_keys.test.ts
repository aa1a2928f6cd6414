import { describe, it, expect, beforeAll } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import * as t from '../../runtime/codec/types.ts';
import { System } from '../../runtime/pallets/system/index.ts';
import { Balances, totalIssuance } from '../../runtime/pallets/balances/index.ts';
import { Sudo } from '../../runtime/pallets/sudo/index.ts';
import { Aura } from '../../runtime/pallets/aura/index.ts';
import { Grandpa } from '../../runtime/pallets/grandpa/index.ts';
import { RuntimeVersion } from '../../runtime/pallets/system/types.ts';
import { TestChain } from '../helpers/runtime_harness.ts';

const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';

describe('well-known storage keys', () => {
  it('Balances.TotalIssuance and System.Account(Alice) match the public Substrate keys', () => {
    expect(Balances.storage.TotalIssuance.keyOf()).toBe('0xc2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80');
    // twox128("System") = 26aa394eea5630e07c48ae0c9558cef7 and the rest of the key as printed in the Substrate docs
    // (the task brief's copy of this prefix had 0c9558cef7 mistyped as 7c9b8e7ac9).
    expect(System.storage.Account.prefix).toBe('0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9');
    expect(System.storage.Account.keyOf(new Uint8Array(Buffer.from(ALICE.slice(2), 'hex')))).toBe(
      '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9de1e86a9a8c739864cf3cc5ec2bea59f' + ALICE.slice(2));
    expect(System.storage.Number.keyOf()).toBe('0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac');
    expect(System.storage.Events.keyOf()).toBe('0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7');
  });
});

describe('localnet genesis', () => {
  let chain: TestChain;
  beforeAll(async () => { chain = await TestChain.create(); });

  it('endows the dev accounts, sets sudo Alice and the //One authorities', () => {
    const sr = new Keyring({ type: 'sr25519' });
    const ed = new Keyring({ type: 'ed25519' });
    const pub = (uri: string) => sr.addFromUri(uri).publicKey;
    chain.query(() => {
      for (const n of ['Alice', 'Bob', 'Charlie']) expect(System.storage.Account.get(pub(`//${n}`)).data.free).toBe(1_000_000_000_000_000n);
      for (const n of ['Dave', 'Eve', 'Ferdie', 'One', 'Two', 'Three']) expect(System.storage.Account.get(pub(`//${n}`)).data.free).toBe(2_000_000_000_000n);
      expect(totalIssuance()).toBe(3n * 1_000_000_000_000_000n + 6n * 2_000_000_000_000n);
      const alice = System.storage.Account.get(pub('//Alice'));
      expect(alice.providers).toBe(1);
      expect(alice.nonce).toBe(0);
      expect(alice.data.flags).toBe(1n << 127n);
      expect(u8aToHex(Sudo.storage.Key.get()!)).toBe(ALICE);
      expect(Aura.storage.Authorities.get().map(k => u8aToHex(k))).toEqual([u8aToHex(pub('//One'))]);
      expect(Grandpa.storage.Authorities.get().map(([k, w]) => [u8aToHex(k), w])).toEqual([[u8aToHex(ed.addFromUri('//One').publicKey), 1n]]);
      // frame_system genesis: BlockHash[0] is the [69; 32] placeholder until block 1 records the real hash.
      expect(System.storage.BlockHash.get(0)).toEqual(new Uint8Array(32).fill(69));
    });
  });

  it('reports node-subtensor 425 with every API as [blake2_64(name), version]', () => {
    const v = t.decode(RuntimeVersion, chain.api('Core_version'));
    expect(v.spec_name).toBe('node-subtensor');
    expect(v.impl_name).toBe('node-subtensor');
    expect([v.spec_version, v.transaction_version, v.authoring_version, v.impl_version, v.system_version]).toEqual([425, 1, 1, 1, 1]);
    const apis = new Map(v.apis.map(([id, ver]) => [u8aToHex(id), ver]));
    // Ids as listed by the real runtime's version (spec-343 metadata blob, System.Version constant).
    expect(apis.get('0xdf6acb689907609b')).toBe(5); // Core
    expect(apis.get('0x37e397fc7c91f5e4')).toBe(2); // Metadata
    expect(apis.get('0x40fe3ad401f8959a')).toBe(6); // BlockBuilder
    expect(apis.get('0xd2bc9897eed08f15')).toBe(3); // TaggedTransactionQueue
    expect(apis.get('0xbc9d89904f5b923f')).toBe(1); // AccountNonceApi
    expect(apis.get('0x37c8bb1350a9a2a8')).toBe(4); // TransactionPaymentApi
    expect(apis.get('0xf3ff14d5ab527059')).toBe(3); // TransactionPaymentCallApi
    expect(apis.get('0xdd718d5cc53262d4')).toBe(1); // AuraApi
    expect(apis.get('0xed99c5acb25eedf5')).toBe(3); // GrandpaApi
    expect(apis.get('0xfbc577b9d747efd6')).toBe(1); // GenesisBuilder
    // System.Version (constant) and Core_version agree.
    expect(chain.query(() => t.encode(RuntimeVersion, System.constant('Version')))).toEqual(chain.api('Core_version'));
  });

  it('validates a transaction against the genesis state (BlockHash[0] = genesis hash for block 1)', async () => {
    const fresh = await TestChain.create();
    expect(fresh.headNumber).toBe(0);
    const xt = fresh.sign(fresh.bob, { type: 'System', value: { type: 'remark', value: { remark: new Uint8Array([1]) } } });
    expect('ok' in fresh.validate(xt)).toBe(true);
    const b = fresh.applyInBlock(xt);
    expect(b.result).toEqual({ ok: { ok: [] } });
    expect(b.block.header.parentHash).toEqual(fresh.genesisHash);
  });

  it('serves GenesisBuilder presets', () => {
    expect(t.decode(t.vec(t.str), chain.api('GenesisBuilder_preset_names'))).toEqual(['development', 'local_testnet']);
    const json = t.decode(t.option(t.bytes), chain.api('GenesisBuilder_get_preset', t.encode(t.option(t.str), 'development')))!;
    const preset = JSON.parse(new TextDecoder().decode(json));
    expect(preset.sudo.key).toBe(ALICE);
    expect(preset.balances.balances).toHaveLength(9);
    expect(t.decode(t.option(t.bytes), chain.api('GenesisBuilder_get_preset', t.encode(t.option(t.str), 'nope')))).toBeNull();
  });

  it('records the genesis hash as BlockHash[0] once block 1 is built, and chains parent hashes', () => {
    const b1 = chain.newBlock();
    expect(b1.header.parentHash).toEqual(chain.genesisHash);
    chain.query(() => expect(System.storage.BlockHash.get(0)).toEqual(chain.genesisHash));
    const b2 = chain.newBlock();
    expect(b2.header.parentHash).toEqual(b1.hash);
    expect(b2.header.number).toBe(b1.header.number + 1);
    chain.query(() => {
      expect(System.storage.BlockHash.get(b1.number)).toEqual(b1.hash);
      expect(System.storage.Number.get()).toBe(b2.number);
    });
  });
});
