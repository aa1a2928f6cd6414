// Serving (serve_axon / serve_prometheus), subnet lifecycle (register_network lock cost, start_call, set_tempo,
// trigger_epoch) and AdminUtils origin rules.
import { describe, it, expect } from 'vitest';
import { SubnetsChain, acct, TAO } from './harness.ts';
import { signed, ROOT } from '../../runtime/frame/dispatch.ts';
import { subnetStorage as S } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { stakingStorage as K } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { coinbaseStorage as C } from '../../runtime/pallets/subtensor/coinbase/storage.ts';
import { freeBalance } from '../../runtime/pallets/balances/index.ts';

const OWNER = acct(1);
const OWNER_HK = acct(100);
const MINER = acct(41);

function setup() {
  const c = new SubnetsChain([[OWNER, 1_000_000n * TAO], [acct(2), 2_000n * TAO], [acct(3), 10n * TAO]]);
  c.nextBlock();
  expect(c.call(signed(OWNER), 'SubtensorModule', 'register_network', { hotkey: OWNER_HK }).ok).toBe(true);
  c.nextBlock();
  expect(c.call(signed(OWNER), 'SubtensorModule', 'burned_register', { netuid: 2, hotkey: MINER }).ok).toBe(true);
  return { c, netuid: 2 };
}

const axon = (over: Record<string, any> = {}) => ({
  netuid: 2, version: 1, ip: 0x0a000001n, port: 8091, ip_type: 4, protocol: 4, placeholder1: 0, placeholder2: 0, ...over,
});

describe('serving', () => {
  it('serve_axon stores AxonInfo with the block and emits AxonServed; serve_axon_tls stores the certificate', () => {
    const { c, netuid } = setup();
    const r = c.call(signed(MINER), 'SubtensorModule', 'serve_axon', axon());
    expect(r.ok, r.error).toBe(true);
    expect(c.q(() => S.Axons.get(netuid, MINER))).toEqual({ block: 2n, version: 1, ip: 0x0a000001n, port: 8091, ip_type: 4, protocol: 4, placeholder1: 0, placeholder2: 0 });
    expect(r.events.find(e => e.value.type === 'AxonServed')!.value.value).toEqual([netuid, MINER]);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_serving_rate_limit', { netuid, serving_rate_limit: 0n }).ok).toBe(true);
    const cert = new Uint8Array([1, ...new Array(32).fill(9)]);
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'serve_axon_tls', { ...axon(), certificate: cert }).ok).toBe(true);
    expect(c.q(() => S.NeuronCertificates.get(netuid, OWNER_HK))).toEqual({ algorithm: 1, public_key: cert.slice(1) });
  });

  const bad: [string, Uint8Array, Record<string, any>][] = [
    ['HotKeyNotRegisteredInNetwork', acct(77), axon()],
    ['InvalidIpType', MINER, axon({ ip_type: 5 })],
    ['InvalidIpAddress', MINER, axon({ ip: 0x7f000001n })],
    ['InvalidIpAddress', MINER, axon({ ip: 0xffffffffn })],
    ['InvalidPort', MINER, axon({ port: 0 })],
  ];
  for (const [error, who, args] of bad) {
    it(`serve_axon rejects with ${error} (${JSON.stringify(args, (_, v) => typeof v === 'bigint' ? v.toString() : v).slice(0, 40)}…) leaving state unchanged`, () => {
      const { c } = setup();
      const before = c.snapshot();
      expect(c.call(signed(who), 'SubtensorModule', 'serve_axon', args).error).toBe(error);
      expect(c.snapshot()).toEqual(before);
    });
  }

  it('ServingRateLimitExceeded within ServingRateLimit (50) blocks; allowed again after', () => {
    const { c } = setup();
    expect(c.call(signed(MINER), 'SubtensorModule', 'serve_axon', axon()).ok).toBe(true);
    c.nextBlock(49);
    const before = c.snapshot();
    expect(c.call(signed(MINER), 'SubtensorModule', 'serve_axon', axon({ port: 9000 })).error).toBe('ServingRateLimitExceeded');
    expect(c.snapshot()).toEqual(before);
    c.nextBlock();
    expect(c.call(signed(MINER), 'SubtensorModule', 'serve_axon', axon({ port: 9000 })).ok).toBe(true);
  });

  it('serve_prometheus rejects a zero IP (allowed for axons) and stores PrometheusInfo', () => {
    const { c, netuid } = setup();
    expect(c.call(signed(MINER), 'SubtensorModule', 'serve_prometheus', { netuid, version: 1, ip: 0n, port: 9100, ip_type: 4 }).error).toBe('InvalidIpAddress');
    expect(c.call(signed(MINER), 'SubtensorModule', 'serve_axon', axon({ ip: 0n })).ok).toBe(true);
    expect(c.call(signed(MINER), 'SubtensorModule', 'serve_prometheus', { netuid, version: 1, ip: 0x0a000002n, port: 9100, ip_type: 4 }).ok).toBe(true);
    expect(c.q(() => S.Prometheus.get(netuid, MINER))).toEqual({ block: 2n, version: 1, ip: 0x0a000002n, port: 9100, ip_type: 4 });
  });
});

describe('subnets', () => {
  it('register_network: lock = max(min lock, 2·last − last/interval·blocks); pool, owner, defaults, NetworkAdded', () => {
    const c = new SubnetsChain([[OWNER, 1_000_000n * TAO]]);
    c.nextBlock();
    let before = c.q(() => freeBalance(OWNER));
    const r = c.call(signed(OWNER), 'SubtensorModule', 'register_network', { hotkey: OWNER_HK });
    expect(r.ok, r.error).toBe(true);
    expect(before - c.q(() => freeBalance(OWNER))).toBe(1_000n * TAO); // first lock: the 1000 TAO minimum
    const added = r.events.find(e => e.value.type === 'NetworkAdded')!;
    expect(added.value.value).toEqual([2, 1]);
    c.q(() => {
      expect(S.SubnetOwner.get(2)).toEqual(OWNER);
      expect(S.SubnetOwnerHotkey.get(2)).toEqual(OWNER_HK);
      expect(S.Keys.get(2, 0)).toEqual(OWNER_HK);
      expect([S.Tempo.get(2), S.MaxAllowedUids.get(2), S.MaxAllowedValidators.get(2), S.MinAllowedWeights.get(2), S.ImmunityPeriod.get(2)])
        .toEqual([10, 256, 64, 1, 5000]);
      expect([S.Yuma3On.get(2), S.Burn.get(2), S.SubnetEmissionEnabled.get(2), S.SubtokenEnabled.get(2)]).toEqual([true, TAO, false, false]);
      expect(K.SubnetMechanism.get(2)).toBe(1);
      expect(K.SubnetTAO.get(2)).toBe(1_000n * TAO);
      // median price of the existing dynamic subnet 1 (10 TAO / 10 alpha) is 1.0 → alpha in = lock
      expect(K.SubnetAlphaIn.get(2)).toBe(1_000n * TAO);
      expect(Buffer.from(S.TokenSymbol.get(2)).toString('utf8')).toBe('β');
      expect(S.TotalNetworks.get()).toBe(3);
    });
    c.nextBlock();
    before = c.q(() => freeBalance(OWNER));
    expect(c.call(signed(OWNER), 'SubtensorModule', 'register_network', { hotkey: acct(101) }).ok).toBe(true);
    // 2 × 1000 TAO − (1000 TAO / 100800) × 1 block
    expect(before - c.q(() => freeBalance(OWNER))).toBe(2_000n * TAO - (1_000n * TAO / 100_800n));
    expect(c.q(() => S.NetworksAdded.get(3))).toBe(true);
  });

  it('register_network errors: CannotAffordLockCost, NonAssociatedColdKey; state unchanged', () => {
    const { c } = setup();
    let before = c.snapshot();
    expect(c.call(signed(acct(3)), 'SubtensorModule', 'register_network', { hotkey: acct(120) }).error).toBe('CannotAffordLockCost');
    expect(c.snapshot()).toEqual(before);
    before = c.snapshot();
    expect(c.call(signed(acct(2)), 'SubtensorModule', 'register_network', { hotkey: OWNER_HK }).error).toBe('NonAssociatedColdKey');
    expect(c.snapshot()).toEqual(before);
  });

  it('start_call: owner only, sets FirstEmissionBlockNumber = now + 1 and SubtokenEnabled, only once', () => {
    const { c, netuid } = setup();
    expect(c.call(signed(acct(2)), 'SubtensorModule', 'start_call', { netuid }).error).toBe('BadOrigin');
    expect(c.call(signed(OWNER), 'SubtensorModule', 'start_call', { netuid: 77 }).error).toBe('SubnetNotExists');
    const r = c.call(signed(OWNER), 'SubtensorModule', 'start_call', { netuid });
    expect(r.ok).toBe(true);
    expect(c.q(() => [S.FirstEmissionBlockNumber.get(netuid), S.SubtokenEnabled.get(netuid)])).toEqual([3n, true]);
    expect(r.events.find(e => e.value.type === 'FirstEmissionBlockNumberSet')!.value.value).toEqual([netuid, 3n]);
    expect(c.call(signed(OWNER), 'SubtensorModule', 'start_call', { netuid }).error).toBe('FirstEmissionBlockNumberAlreadySet');
  });

  it('set_tempo (owner) enforces [360, 50400] and resets the cycle; trigger_epoch needs commit-reveal off', () => {
    const { c, netuid } = setup();
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
    expect(c.call(signed(OWNER), 'SubtensorModule', 'set_tempo', { netuid, tempo: 100 }).error).toBe('TempoOutOfBounds');
    expect(c.call(signed(OWNER), 'SubtensorModule', 'set_tempo', { netuid, tempo: 400 }).ok).toBe(true);
    expect(c.q(() => [S.Tempo.get(netuid), C.LastEpochBlock.get(netuid)])).toEqual([400, 2n]);
    expect(c.call(signed(OWNER), 'SubtensorModule', 'trigger_epoch', { netuid }).error).toBe('DynamicTempoBlockedByCommitReveal');
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid, enabled: false }).ok).toBe(true);
    const r = c.call(signed(OWNER), 'SubtensorModule', 'trigger_epoch', { netuid });
    expect(r.ok, r.error).toBe(true);
    expect(c.q(() => C.PendingEpochAt.get(netuid))).toBe(2n); // window 0 → fires now
  });
});

describe('AdminUtils origins', () => {
  it('root-only setters reject the subnet owner with BadOrigin; owner|root setters reject other accounts', () => {
    const { c, netuid } = setup();
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
    let before = c.snapshot();
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_kappa', { netuid, kappa: 1 }).error).toBe('BadOrigin');
    expect(c.call(signed(acct(2)), 'AdminUtils', 'sudo_set_rho', { netuid, rho: 1 }).error).toBe('BadOrigin');
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_tempo', { netuid, tempo: 20 }).error).toBe('BadOrigin');
    expect(c.snapshot()).toEqual(before);
    const r = c.call(ROOT, 'AdminUtils', 'sudo_set_kappa', { netuid, kappa: 1 });
    expect(r.ok).toBe(true);
    expect(r.events.find(e => e.value.type === 'KappaSet')!.value.value).toEqual([netuid, 1]);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_kappa', { netuid: 77, kappa: 1 }).error).toBe('Module(19,0)'); // SubnetDoesNotExist
  });

  it('the owner is rate-limited per hyperparameter (OwnerHyperparamRateLimit tempos); root is not', () => {
    const { c, netuid } = setup();
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_rho', { netuid, rho: 11 }).ok).toBe(true);
    c.nextBlock();
    const before = c.snapshot();
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_rho', { netuid, rho: 12 }).error).toBe('TxRateLimitExceeded');
    expect(c.snapshot()).toEqual(before);
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_kappa', { netuid, kappa: 3 }).error).toBe('BadOrigin');
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_immunity_period', { netuid, immunity_period: 7 }).ok).toBe(true); // other hyperparameter
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_rho', { netuid, rho: 13 }).ok).toBe(true);
    c.nextBlock(19); // 2 tempos of 10 blocks after the first change
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_rho', { netuid, rho: 14 }).ok).toBe(true);
    expect(c.q(() => S.Rho.get(netuid))).toBe(14);
  });

  it('setters are refused inside the admin freeze window (fast runtime: tempo 10 < window 10)', () => {
    const { c, netuid } = setup();
    const before = c.snapshot();
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_rho', { netuid, rho: 1 }).error).toBe('AdminActionProhibitedDuringWeightsWindow');
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_rho', { netuid, rho: 1 }).error).toBe('AdminActionProhibitedDuringWeightsWindow');
    expect(c.snapshot()).toEqual(before);
  });

  it('validates values with pallet_admin_utils errors', () => {
    const { c, netuid } = setup();
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_max_allowed_validators', { netuid, max_allowed_validators: 300 }).error).toBe('Module(19,1)');
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_min_burn', { netuid, min_burn: 2n * TAO }).error).toBe('Module(19,5)');
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_bonds_moving_average', { netuid, bonds_moving_average: 980_000n }).error).toBe('Module(19,3)');
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_network_pow_registration_allowed', { netuid, registration_allowed: true }).error).toBe('Module(19,12)');
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_burn_half_life', { netuid: 0, burn_half_life: 10 }).error).toBe('Module(19,11)');
  });
});

describe('setter events as HEAD deposits them', () => {
  it('sudo_set_rho and sudo_set_alpha_sigmoid_steepness deposit no event (HEAD only logs them); sudo_set_tempo deposits TempoSet', () => {
    const { c, netuid } = setup();
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
    const names = (r: { events: any[] }) => r.events.map(e => `${e.type}.${e.value.type}`);
    const rho = c.call(ROOT, 'AdminUtils', 'sudo_set_rho', { netuid, rho: 12 });
    expect(rho.ok).toBe(true);
    expect(names(rho)).toEqual([]);
    expect(c.q(() => S.Rho.get(netuid))).toBe(12);
    const steep = c.call(ROOT, 'AdminUtils', 'sudo_set_alpha_sigmoid_steepness', { netuid, steepness: -5 });
    expect(steep.ok).toBe(true);
    expect(names(steep)).toEqual([]);
    expect(names(c.call(ROOT, 'AdminUtils', 'sudo_set_tempo', { netuid, tempo: 20 }))).toEqual(['SubtensorModule.TempoSet']);
  });
});

describe('TAO-flow parameters (AdminUtils 81–83)', () => {
  it('root sets TaoFlowCutoff, FlowNormExponent (1 ≤ p ≤ 2, else InvalidValue) and FlowEmaSmoothingFactor; HEAD\'s defaults before', () => {
    const { c } = setup();
    // HEAD lib.rs: DefaultFlowCutoff 0, DefaultFlowNormExponent 1.0, DefaultFlowEmaSmoothingFactor 29_597_889_189_277.
    expect(c.q(() => S.TaoFlowCutoff.get())).toEqual({ bits: 0n });
    expect(c.q(() => S.FlowNormExponent.get())).toEqual({ bits: 1n << 64n });
    expect(c.q(() => S.FlowEmaSmoothingFactor.get())).toBe(29_597_889_189_277n);
    // I64F64 −0.5: 64 fractional bits, so −2^63.
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_tao_flow_cutoff', { flow_cutoff: { bits: -(1n << 63n) } }).ok).toBe(true);
    expect(c.q(() => S.TaoFlowCutoff.get())).toEqual({ bits: -(1n << 63n) });
    const onePointFive = { bits: 3n << 63n };
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_tao_flow_normalization_exponent', { exponent: onePointFive }).ok).toBe(true);
    expect(c.q(() => S.FlowNormExponent.get())).toEqual(onePointFive);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_tao_flow_normalization_exponent', { exponent: { bits: (2n << 64n) + 1n } }).error).toBe('Module(19,10)'); // InvalidValue, 11th of HEAD's admin-utils errors
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_tao_flow_normalization_exponent', { exponent: { bits: (1n << 64n) - 1n } }).error).toBe('Module(19,10)');
    expect(c.q(() => S.FlowNormExponent.get())).toEqual(onePointFive);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_tao_flow_smoothing_factor', { smoothing_factor: 126_847_427_788_335n }).ok).toBe(true);
    expect(c.q(() => S.FlowEmaSmoothingFactor.get())).toBe(126_847_427_788_335n);
    expect(c.call(signed(OWNER), 'AdminUtils', 'sudo_set_tao_flow_smoothing_factor', { smoothing_factor: 1n }).error).toBe('BadOrigin');
  });
});

describe('dissolve_network', () => {
  it('root dissolves a subnet: stakers get the pool TAO pro rata, the protocol share is recycled, every item goes', () => {
    const { c, netuid } = setup();
    expect(c.call(signed(OWNER), 'SubtensorModule', 'start_call', { netuid }).ok).toBe(true);
    c.nextBlock();
    const staked = c.call(signed(acct(2)), 'SubtensorModule', 'add_stake', { hotkey: MINER, netuid, amount_staked: 100n * TAO });
    expect(staked.ok, staked.error).toBe(true);
    const pot = c.q(() => K.SubnetTAO.get(netuid));
    const protocol = c.q(() => K.SubnetAlphaIn.get(netuid) + K.SubnetProtocolAlpha.get(netuid));
    const holders = c.q(() => K.Alpha.entries().filter(([[, , n]]) => n === netuid).map(([[hot, cold]]) => ({ hot, cold })));
    expect(holders.length).toBe(1);
    const bobAlpha = c.q(() => K.TotalHotkeyAlpha.get(MINER, netuid));
    const total = bobAlpha + protocol;
    // largest remainder over two portions: the one with the larger remainder gets the single leftover rao (if any)
    let bobShare = (pot * bobAlpha) / total;
    const protocolShare = (pot * protocol) / total;
    if (pot - bobShare - protocolShare > 0n && (pot * bobAlpha) % total >= (pot * protocol) % total) bobShare += 1n;
    const balBefore = c.q(() => freeBalance(acct(2)));
    const issuanceBefore = c.q(() => K.TotalIssuance.get());
    const r = c.call(ROOT, 'SubtensorModule', 'dissolve_network', { coldkey: OWNER, netuid });
    expect(r.ok, r.error).toBe(true);
    expect(r.events.find(e => e.value.type === 'NetworkRemoved')!.value.value).toEqual([netuid]);
    expect(c.q(() => freeBalance(acct(2))) - balBefore).toBe(bobShare);
    expect(issuanceBefore - c.q(() => K.TotalIssuance.get())).toBe(pot - bobShare);
    c.q(() => {
      expect(S.NetworksAdded.get(netuid)).toBe(false);
      expect(S.TotalNetworks.get()).toBe(2);
      expect(S.Uids.get(netuid, MINER)).toBeNull();
      expect(S.IsNetworkMember.get(MINER, netuid)).toBe(false);
      expect(K.SubnetTAO.get(netuid)).toBe(0n);
      expect(K.TotalHotkeyAlpha.get(MINER, netuid)).toBe(0n);
      expect(K.Alpha.entries().filter(([[, , n]]) => n === netuid)).toEqual([]);
      expect(S.Tempo.contains(netuid)).toBe(false);
    });
    expect(c.call(signed(OWNER), 'SubtensorModule', 'dissolve_network', { coldkey: OWNER, netuid: 3 }).error).toBe('BadOrigin');
    // The netuid is free again.
    c.nextBlock();
    const again = c.call(signed(OWNER), 'SubtensorModule', 'register_network', { hotkey: acct(130) });
    expect(again.ok, again.error).toBe(true);
    expect(again.events.find(e => e.value.type === 'NetworkAdded')!.value.value).toEqual([netuid, 1]);
  });
});

describe('AdminUtils mechanisms', () => {
  it('sudo_set_mechanism_count respects MaxMechanismCount and uids × count ≤ 256; the split must sum to 65535', () => {
    const { c, netuid } = setup();
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_mechanism_count', { netuid, mechanism_count: 3 }).error).toBe('InvalidValue');
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_mechanism_count', { netuid, mechanism_count: 2 }).error).toBe('TooManyUIDsPerMechanism');
    c.q(() => S.MaxAllowedUids.set(netuid, 128));
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_mechanism_count', { netuid, mechanism_count: 2 }).ok).toBe(true);
    expect(c.q(() => S.MechanismCountCurrent.get(netuid))).toBe(2);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_mechanism_emission_split', { netuid, maybe_split: [30000, 30000] }).error).toBe('InvalidValue');
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_mechanism_emission_split', { netuid, maybe_split: [30000, 35535] }).ok).toBe(true);
    expect(c.q(() => S.MechanismEmissionSplit.get(netuid))).toEqual([30000, 35535]);
  });
});

describe('sudo_trim_to_max_allowed_uids', () => {
  it('drops the lowest-emission non-immune uids and compacts the rest in order, remapping weights', () => {
    const { c, netuid } = setup(); // owner hotkey uid 0, MINER uid 1
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_tempo', { netuid, tempo: 1000 }).ok).toBe(true);
    for (const k of [42, 43, 44]) {
      c.nextBlock();
      expect(c.call(signed(OWNER), 'SubtensorModule', 'burned_register', { netuid, hotkey: acct(k) }).ok).toBe(true);
    }
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_immunity_period', { netuid, immunity_period: 0 }).ok).toBe(true);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_min_allowed_uids', { netuid, min_allowed_uids: 2 }).ok).toBe(true);
    c.q(() => {
      S.Emission.set(netuid, [0n, 5n, 50n, 1n, 40n]); // uids 1 (5) and 3 (1) are the lowest non-owner
      S.Weights.set(netuid, 2, [[0, 1], [1, 2], [3, 3], [4, 4]]);
    });
    const r = c.call(signed(OWNER), 'AdminUtils', 'sudo_trim_to_max_allowed_uids', { netuid, max_n: 3 });
    expect(r.ok, r.error).toBe(true);
    c.q(() => {
      expect(S.SubnetworkN.get(netuid)).toBe(3);
      expect(S.MaxAllowedUids.get(netuid)).toBe(3);
      expect([0, 1, 2].map(u => S.Keys.get(netuid, u))).toEqual([OWNER_HK, acct(42), acct(44)]);
      expect([S.Uids.get(netuid, acct(42)), S.Uids.get(netuid, acct(44)), S.Uids.get(netuid, MINER), S.Uids.get(netuid, acct(43))]).toEqual([1, 2, null, null]);
      expect(S.Emission.get(netuid)).toEqual([0n, 50n, 40n]);
      expect(S.Weights.get(netuid, 1)).toEqual([[0, 1], [2, 4]]);
      expect(S.Keys.contains(netuid, 3)).toBe(false);
    });
  });
});

describe('subnet identity', () => {
  const id = (over: Record<string, Uint8Array> = {}) => {
    const e = (s: string) => new TextEncoder().encode(s);
    return { subnet_name: e('sn'), github_repo: e('gh'), subnet_contact: e('c'), subnet_url: e('u'), discord: e('d'),
      description: e('desc'), logo_url: e('logo'), additional: e('a'), ...over };
  };
  it('register_network_with_identity stores SubnetIdentitiesV3; an oversized name fails with InvalidIdentity; set_subnet_identity is owner-only', () => {
    const c = new SubnetsChain([[OWNER, 1_000_000n * TAO], [acct(2), 2_000n * TAO]]);
    c.nextBlock();
    const bad = c.call(signed(OWNER), 'SubtensorModule', 'register_network_with_identity', { hotkey: OWNER_HK, identity: id({ subnet_name: new Uint8Array(257) }) });
    expect(bad.error).toBe('InvalidIdentity');
    const r = c.call(signed(OWNER), 'SubtensorModule', 'register_network_with_identity', { hotkey: OWNER_HK, identity: id() });
    expect(r.ok, r.error).toBe(true);
    expect(r.events.map(e => e.value.type)).toContain('SubnetIdentitySet');
    expect(new TextDecoder().decode(c.q(() => S.SubnetIdentitiesV3.get(2))!.subnet_name)).toBe('sn');
    expect(c.call(signed(acct(2)), 'SubtensorModule', 'set_subnet_identity', { netuid: 2, ...id() }).error).toBe('NotSubnetOwner');
    expect(c.call(signed(OWNER), 'SubtensorModule', 'set_subnet_identity', { netuid: 2, ...id({ subnet_name: new TextEncoder().encode('renamed') }) }).ok).toBe(true);
    expect(new TextDecoder().decode(c.q(() => S.SubnetIdentitiesV3.get(2))!.subnet_name)).toBe('renamed');
  });
});

describe('set_identity', () => {
  it('needs a registered hotkey of the caller; stores IdentitiesV2 and emits ChainIdentitySet', () => {
    const { c } = setup();
    const e = (s: string) => new TextEncoder().encode(s);
    const id = { name: e('me'), url: e('u'), github_repo: e('g'), image: e('i'), discord: e('d'), description: e('x'), additional: e('a') };
    expect(c.call(signed(acct(2)), 'SubtensorModule', 'set_identity', id).error).toBe('HotKeyNotRegisteredInNetwork');
    const r = c.call(signed(OWNER), 'SubtensorModule', 'set_identity', id);
    expect(r.ok, r.error).toBe(true);
    expect(r.events.find(e2 => e2.value.type === 'ChainIdentitySet')!.value.value).toEqual([OWNER]);
    expect(new TextDecoder().decode(c.q(() => S.IdentitiesV2.get(OWNER))!.name)).toBe('me');
  });
});

describe('subnet limit', () => {
  it('at SubnetLimit, register_network dissolves the non-immune subnet with the lowest moving price (oldest on ties) and reuses its netuid', () => {
    const { c } = setup(); // subnets 1 (genesis, registered at 0) and 2
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_subnet_limit', { max_subnets: 2 }).ok).toBe(true);
    const before = c.snapshot();
    expect(c.call(signed(OWNER), 'SubtensorModule', 'register_network', { hotkey: acct(140) }).error).toBe('SubnetLimitReached'); // all immune
    expect(c.snapshot()).toEqual(before);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_network_immunity_period', { immunity_period: 0n }).ok).toBe(true);
    c.nextBlock();
    const r = c.call(signed(OWNER), 'SubtensorModule', 'register_network', { hotkey: acct(140) });
    expect(r.ok, r.error).toBe(true);
    const names = r.events.filter(e => e.type === 'SubtensorModule').map(e => e.value.type);
    expect(names).toContain('NetworkRemoved');
    expect(r.events.find(e => e.value.type === 'NetworkAdded')!.value.value).toEqual([1, 1]);
    expect(c.q(() => [S.SubnetOwner.get(1), S.TotalNetworks.get()])).toEqual([OWNER, 3]);
  });
});

describe('root_register', () => {
  it('a full root replaces the lowest root stake only with a higher one (StakeTooLowForRoot)', () => {
    const { c } = setup();
    c.q(() => S.MaxAllowedUids.set(0, 1));
    expect(c.call(signed(OWNER), 'SubtensorModule', 'root_register', { hotkey: OWNER_HK }).ok).toBe(true);
    c.nextBlock();
    expect(c.call(signed(OWNER), 'SubtensorModule', 'root_register', { hotkey: acct(150) }).error).toBe('StakeTooLowForRoot');
    const staked = c.call(signed(acct(2)), 'SubtensorModule', 'add_stake', { hotkey: MINER, netuid: 0, amount_staked: 10n * TAO });
    expect(staked.ok, staked.error).toBe(true);
    c.nextBlock();
    const r = c.call(signed(OWNER), 'SubtensorModule', 'root_register', { hotkey: MINER });
    expect(r.ok, r.error).toBe(true);
    expect(c.q(() => [S.Keys.get(0, 0), S.Uids.get(0, OWNER_HK)])).toEqual([MINER, null]);
  });
});
