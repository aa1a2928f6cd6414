// Through the full runtime (TestChain: real signed extrinsics, executive, fees): the subnet flow a client runs,
// and SubtensorTransactionExtension's pool-time rejections with subtensor's custom codes.
import { describe, it, expect, beforeAll } from 'vitest';
import { TestChain, eventNames } from '../helpers/runtime_harness.ts';
import { subnetStorage as S } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { freeBalance } from '../../runtime/pallets/balances/index.ts';
import { ROOT } from '../../runtime/frame/dispatch.ts';

let chain: TestChain;
const NETUID = 2;

beforeAll(async () => {
  chain = await TestChain.create();
  const alice = chain.alice;
  const hk = chain.pair('//Alice_sn');
  const reg = chain.signAndApply(alice, 'SubtensorModule', 'register_network', { hotkey: hk.publicKey });
  expect(eventNames(reg.events)).toContain('SubtensorModule.NetworkAdded');
  expect(eventNames(chain.signAndApply(alice, 'SubtensorModule', 'start_call', { netuid: NETUID }).events)).toContain('System.ExtrinsicSuccess');
  expect(chain.dispatch(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
});

function customCode(v: any): number | null {
  if ('err' in v && v.err.type === 'Invalid' && v.err.value.type === 'Custom') return v.err.value.value;
  return null;
}

describe('SubtensorModule through signed extrinsics', () => {
  it('burned_register charges the burn (plus fee) and registers; serve_axon publishes the axon', () => {
    const bob = chain.bob;
    const miner = chain.pair('//Bob_miner');
    const recycledBefore = chain.query(() => S.RAORecycledForRegistration.get(NETUID));
    const before = chain.query(() => freeBalance(bob.publicKey));
    const r = chain.signAndApply(bob, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: miner.publicKey });
    expect(eventNames(r.events)).toContain('SubtensorModule.NeuronRegistered');
    const paid = before - chain.query(() => freeBalance(bob.publicKey));
    const burnPaid = chain.query(() => S.RAORecycledForRegistration.get(NETUID)) - recycledBefore;
    expect(burnPaid > 0n).toBe(true);
    const fee = r.events.find(e => e.event.type === 'TransactionPayment')?.event.value.value.actual_fee ?? 0n;
    expect(paid).toBe(burnPaid + fee); // the decayed burn plus the transaction fee
    expect(chain.query(() => S.Uids.get(NETUID, miner.publicKey))).toBe(1);

    // The miner hotkey needs funds for nothing: serve_axon is Pays::No, but the account must exist to sign.
    expect(chain.dispatch({ kind: 'Signed', who: bob.publicKey }, 'Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: miner.publicKey }, value: 1_000_000_000n }).ok).toBe(true);
    const axon = { netuid: NETUID, version: 1, ip: 0x0a000001n, port: 8091, ip_type: 4, protocol: 4, placeholder1: 0, placeholder2: 0 };
    const s = chain.signAndApply(miner, 'SubtensorModule', 'serve_axon', axon);
    expect(eventNames(s.events)).toContain('SubtensorModule.AxonServed');
    expect(chain.query(() => S.Axons.get(NETUID, miner.publicKey))?.port).toBe(8091);

    // Pool validation rejects a second serve inside ServingRateLimit with Custom(12) (checked before the port).
    expect(customCode(chain.validate(chain.sign(miner, { type: 'SubtensorModule', value: { type: 'serve_axon', value: axon } })))).toBe(12);
    expect(customCode(chain.validate(chain.sign(miner, { type: 'SubtensorModule', value: { type: 'serve_axon', value: { ...axon, port: 0 } } })))).toBe(12);
  });

  it('pool validation: unregistered serve → Custom(10), reveal without commit → Custom(16), set_weights too fast → Custom(6)', () => {
    const dave = chain.dave;
    const axon = { netuid: NETUID, version: 1, ip: 0x0a000001n, port: 8091, ip_type: 4, protocol: 4, placeholder1: 0, placeholder2: 0 };
    expect(customCode(chain.validate(chain.sign(dave, { type: 'SubtensorModule', value: { type: 'serve_axon', value: axon } })))).toBe(10);
    const reveal = { netuid: NETUID, uids: [0], values: [1], salt: [1], version_key: 0n };
    expect(customCode(chain.validate(chain.sign(dave, { type: 'SubtensorModule', value: { type: 'reveal_weights', value: reveal } })))).toBe(16);

    const owner = chain.pair('//Alice_sn');
    expect(chain.dispatch({ kind: 'Signed', who: chain.alice.publicKey }, 'Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: owner.publicKey }, value: 1_000_000_000n }).ok).toBe(true);
    expect(chain.dispatch(ROOT, 'AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid: NETUID, enabled: false }).ok).toBe(true);
    // The owner hotkey registered at network creation; LastUpdate then is within WeightsSetRateLimit (100).
    const setW = { netuid: NETUID, dests: [1], weights: [1], version_key: 0n };
    expect(customCode(chain.validate(chain.sign(owner, { type: 'SubtensorModule', value: { type: 'set_weights', value: setW } })))).toBe(6);
    expect(chain.dispatch(ROOT, 'AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0n }).ok).toBe(true);
    const ok = chain.validate(chain.sign(owner, { type: 'SubtensorModule', value: { type: 'set_weights', value: setW } }));
    expect('ok' in ok).toBe(true);
    const applied = chain.signAndApply(owner, 'SubtensorModule', 'set_weights', setW);
    expect(eventNames(applied.events)).toContain('SubtensorModule.WeightsSet');
  });
});

describe('SubtensorTransactionExtension codes', () => {
  it('InvalidPort 13, InvalidIpAddress 11, InputLengthsUnequal 18, StakeAmountTooLow 1, register_network rate limit 6', () => {
    const miner = chain.pair('//Bob_miner'); // registered on NETUID by the first test
    expect(chain.dispatch(ROOT, 'AdminUtils', 'sudo_set_serving_rate_limit', { netuid: NETUID, serving_rate_limit: 0n }).ok).toBe(true);
    const axon = { netuid: NETUID, version: 1, ip: 0x0a000001n, port: 8091, ip_type: 4, protocol: 4, placeholder1: 0, placeholder2: 0 };
    const xt = (name: string, args: Record<string, any>, who = miner) => chain.sign(who, { type: 'SubtensorModule', value: { type: name, value: args } });
    expect(customCode(chain.validate(xt('serve_axon', { ...axon, port: 0 })))).toBe(13);
    expect(customCode(chain.validate(xt('serve_axon', { ...axon, ip: 0x7f000001n })))).toBe(11);
    expect(customCode(chain.validate(xt('batch_commit_weights', { netuids: [NETUID], commit_hashes: [] })))).toBe(18);
    expect(chain.dispatch(ROOT, 'AdminUtils', 'sudo_set_stake_threshold', { min_stake: 1_000_000n }).ok).toBe(true);
    expect(customCode(chain.validate(xt('set_weights', { netuid: NETUID, dests: [1], weights: [1], version_key: 0n })))).toBe(1);
    expect(chain.dispatch(ROOT, 'AdminUtils', 'sudo_set_stake_threshold', { min_stake: 0n }).ok).toBe(true);
    expect(chain.dispatch(ROOT, 'AdminUtils', 'sudo_set_network_rate_limit', { rate_limit: 1000n }).ok).toBe(true);
    expect(customCode(chain.validate(xt('register_network', { hotkey: chain.pair('//Charlie_sn').publicKey }, chain.charlie)))).toBe(6);
  });
});
