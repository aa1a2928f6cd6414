// Registration economics (§6.1), pruning (§6.3), registration errors, genesis (§1.3).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SubnetsChain, acct, TAO } from './harness.ts';
import { signed, ROOT } from '../../runtime/frame/dispatch.ts';
import { subnetStorage as S } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { stakingStorage as K } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { freeBalance } from '../../runtime/pallets/balances/index.ts';
import { ZERO_ACCOUNT } from '../../runtime/primitives.ts';
import { SUBTENSOR_VECTORS_PATH } from '../fixtures/paths.ts';

// u64 values above 2^53 are quoted before parsing so they survive as exact decimal strings.
const vectors = JSON.parse(readFileSync(SUBTENSOR_VECTORS_PATH, 'utf8')
  .replace(/:\s*(\d{16,})/g, ': "$1"'));

// ── Independent model of §6.1 (written from the spec text, not from the runtime code) ──
const Q32 = 1n << 32n;
function powFloorQ32(base: bigint, exp: number): bigint {
  // square-and-multiply from the lowest bit, flooring every product to Q32
  let acc = Q32, b = base;
  for (let e = exp; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) acc = (acc * b) / Q32;
    if (e > 1) b = (b * b) / Q32;
  }
  return acc;
}
function halfLifeFactor(h: number): bigint {
  let lo = 0n, hi = Q32 - 1n; // largest f in [0, 2^32) with f^h <= 0.5
  while (lo < hi) {
    const mid = (lo + hi + 1n) / 2n;
    if (powFloorQ32(mid, h) <= Q32 / 2n) lo = mid; else hi = mid - 1n;
  }
  return lo;
}
/** 1.26 as an IEEE double, scaled by 2^64 exactly (U64F64::from_num(1.26)). */
function f64ToU64F64(x: number): bigint {
  const buf = Buffer.alloc(8); buf.writeDoubleBE(x);
  const bits = buf.readBigUInt64BE();
  const mant = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  const exp = Number((bits >> 52n) & 0x7ffn) - 1075 + 64;
  return exp >= 0 ? mant << BigInt(exp) : mant >> BigInt(-exp);
}
const clamp = (v: bigint, lo: bigint, hi: bigint) => (v < lo ? lo : v > hi ? hi : v);

/** A chain with a fresh dynamic subnet (netuid 2) owned by `owner`, owner hotkey acct(100). */
function chainWithSubnet() {
  const owner = acct(1);
  const c = new SubnetsChain([[owner, 1_000_000n * TAO], [acct(2), 1_000n * TAO], [acct(3), 1n * TAO / 1000n]]);
  c.nextBlock();
  const r = c.call(signed(owner), 'SubtensorModule', 'register_network', { hotkey: acct(100) });
  expect(r.ok).toBe(true);
  c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 });
  return { c, owner, netuid: 2 };
}

describe('genesis (§1.3)', () => {
  it('creates root subnet 0 owned by Alice and the pre-seeded dynamic subnet 1', () => {
    const c = new SubnetsChain([[acct(1), 1_000n * TAO]]);
    c.q(() => {
      expect(S.NetworksAdded.get(0)).toBe(true);
      expect(S.NetworksAdded.get(1)).toBe(true);
      expect(S.TotalNetworks.get()).toBe(2);
      expect(Buffer.from(S.SubnetOwner.get(0)).toString('hex')).toBe('d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d');
      expect([S.MaxAllowedUids.get(0), S.MaxAllowedValidators.get(0), S.MinAllowedWeights.get(0), S.Tempo.get(0), S.TargetRegistrationsPerInterval.get(0)])
        .toEqual([64, 64, 0, 100, 1]);
      expect(K.SubnetMechanism.get(1)).toBe(1);
      expect([K.SubnetTAO.get(1), K.SubnetAlphaIn.get(1)]).toEqual([10n * TAO, 10n * TAO]);
      expect(S.SubnetworkN.get(1)).toBe(1);
      expect(S.Keys.get(1, 0)).toEqual(ZERO_ACCOUNT);
      expect(S.Tempo.get(1)).toBe(100);
      expect(K.TotalIssuance.get()).toBe(1_000n * TAO);
    });
  });
});

describe('burn price (§6.1)', () => {
  for (const cas of vectors.vectors.find((v: any) => v.id === 'registration.burn_decay_and_bump').cases) {
    it(`vector ${cas.name}`, () => {
      const { c, owner, netuid } = chainWithSubnet();
      c.q(() => {
        S.BurnHalfLife.set(netuid, cas.half_life);
        S.BurnIncreaseMult.set(netuid, { bits: BigInt(cas.increase_mult) << 64n });
        S.MinBurn.set(netuid, BigInt(cas.min_burn));
        S.MaxBurn.set(netuid, BigInt(cas.max_burn));
      });
      let k = 10;
      for (const step of cas.steps) {
        if (step.op === 'set_burn') c.q(() => S.Burn.set(netuid, BigInt(step.value)));
        else if (step.op === 'step_blocks') c.nextBlock(step.n);
        else if (step.op === 'register') {
          const r = c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: acct(k++) });
          expect(r.ok, r.error).toBe(true);
        }
        if ('expect_burn' in step) expect(c.q(() => S.Burn.get(netuid))).toBe(BigInt(step.expect_burn));
      }
    });
  }

  it('moves as §6.1 says across 8 registrations (one per block), each paying the decayed price', () => {
    const { c, owner, netuid } = chainWithSubnet();
    const f = halfLifeFactor(360);
    const mult = f64ToU64F64(1.26);
    let burn = 1_000_000_000n; // new subnets start at 1 TAO
    for (let i = 0; i < 8; i++) {
      c.nextBlock();
      burn = clamp((burn * f) >> 32n, 500_000n, 100n * TAO); // decay in on_initialize
      const before = c.q(() => freeBalance(owner));
      expect(c.q(() => S.Burn.get(netuid))).toBe(burn);
      const r = c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: acct(20 + i) });
      expect(r.ok, r.error).toBe(true);
      expect(before - c.q(() => freeBalance(owner))).toBe(burn);
      burn = clamp((burn * mult) >> 64n, 500_000n, 100n * TAO); // bump
      expect(c.q(() => S.Burn.get(netuid))).toBe(burn);
      const ev = r.events.find(e => e.type === 'SubtensorModule' && e.value.type === 'NeuronRegistered')!;
      expect(ev.value.value[0]).toBe(netuid);
      expect(ev.value.value[1]).toBe(i + 1);
    }
    expect(c.q(() => S.SubnetworkN.get(netuid))).toBe(9);
    // RAORecycledForRegistration accumulates what was paid.
    expect(c.q(() => S.RAORecycledForRegistration.get(netuid)) > 0n).toBe(true);
  });
});

describe('registration errors leave state unchanged', () => {
  const cases: [string, (x: ReturnType<typeof chainWithSubnet>) => [Uint8Array, Record<string, any>, string?]][] = [
    ['SubnetNotExists', ({ owner }) => [owner, { netuid: 77, hotkey: acct(9) }]],
    ['RegistrationNotPermittedOnRootSubnet', ({ owner }) => [owner, { netuid: 0, hotkey: acct(9) }]],
    ['HotKeyAlreadyRegisteredInSubNet', ({ owner, netuid }) => [owner, { netuid, hotkey: acct(100) }]],
    ['NotEnoughBalanceToStake', ({ netuid }) => [acct(3), { netuid, hotkey: acct(9) }]],
    ['NonAssociatedColdKey', ({ netuid }) => [acct(2), { netuid, hotkey: acct(50) }]],
  ];
  for (const [error, build] of cases) {
    it(error, () => {
      const x = chainWithSubnet();
      const { c, owner } = x;
      // acct(50) belongs to `owner` (registered on subnet 1's neighbour check via root stake-free path).
      c.q(() => { S.Owner.set(acct(50), owner); });
      const [who, args] = build(x);
      const before = c.snapshot();
      const r = c.call(signed(who), 'SubtensorModule', 'burned_register', args);
      expect(r.ok).toBe(false);
      expect(r.error).toBe(error);
      expect(c.snapshot()).toEqual(before);
    });
  }
  it('SubNetRegistrationDisabled after root disables registration', () => {
    const { c, owner, netuid } = chainWithSubnet();
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_network_registration_allowed', { netuid, registration_allowed: false }).ok).toBe(true);
    const before = c.snapshot();
    const r = c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: acct(9) });
    expect(r.error).toBe('SubNetRegistrationDisabled');
    expect(c.snapshot()).toEqual(before);
  });
  it('register (PoW) is accepted with any work and behaves as burned registration', () => {
    const { c, owner, netuid } = chainWithSubnet();
    c.nextBlock();
    const burn = c.q(() => S.Burn.get(netuid));
    const before = c.q(() => freeBalance(owner));
    const r = c.call(signed(owner), 'SubtensorModule', 'register', {
      netuid, block_number: 0n, nonce: 0n, work: new Uint8Array(32), hotkey: acct(9), coldkey: acct(200),
    });
    expect(r.ok, r.error).toBe(true);
    expect(before - c.q(() => freeBalance(owner))).toBe(burn);
    expect(c.q(() => S.Uids.get(netuid, acct(9)))).toBe(1);
  });
  it('register_limit fails with RegistrationPriceLimitExceeded below the burn', () => {
    const { c, owner, netuid } = chainWithSubnet();
    const burn = c.q(() => S.Burn.get(netuid));
    expect(c.call(signed(owner), 'SubtensorModule', 'register_limit', { netuid, hotkey: acct(9), limit_price: burn - 1n }).error)
      .toBe('RegistrationPriceLimitExceeded');
    expect(c.call(signed(owner), 'SubtensorModule', 'register_limit', { netuid, hotkey: acct(9), limit_price: burn }).ok).toBe(true);
  });
});

describe('pruning (§6.3)', () => {
  function fullSubnet() {
    const { c, owner, netuid } = chainWithSubnet(); // uid 0 = owner hotkey acct(100), block 1
    c.q(() => S.MaxAllowedUids.set(netuid, 4));
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_min_non_immune_uids', { netuid, min: 0 }).ok).toBe(true);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_immunity_period', { netuid, immunity_period: 3 }).ok).toBe(true);
    for (const hk of [acct(41), acct(42), acct(43)]) {
      c.nextBlock();
      expect(c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: hk }).ok).toBe(true);
    }
    // uids 1..3 registered at blocks 2, 3, 4
    return { c, owner, netuid };
  }

  it('a full subnet replaces the lowest-emission non-immune uid and resets what subtensor resets', () => {
    const { c, owner, netuid } = fullSubnet();
    c.nextBlock(6); // block 10: uids 1..3 are past immunity
    c.q(() => {
      // Emission as the last epoch left it (the block step's epoch rewrites it, so set it after the block).
      S.Emission.set(netuid, [0n, 50n, 10n, 30n]);
      S.Weights.set(netuid, 1, [[2, 65535], [3, 100]]);
      S.Weights.set(netuid, 2, [[1, 65535]]);
      S.Bonds.set(netuid, 2, [[1, 7]]);
      S.Axons.set(netuid, acct(42), { block: 1n, version: 1, ip: 1n, port: 1, ip_type: 4, protocol: 0, placeholder1: 0, placeholder2: 0 });
    });
    const r = c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: acct(44) });
    expect(r.ok, r.error).toBe(true);
    c.q(() => {
      expect(S.SubnetworkN.get(netuid)).toBe(4);
      expect(S.Keys.get(netuid, 2)).toEqual(acct(44));
      expect(S.Uids.get(netuid, acct(42))).toBeNull();
      expect(S.IsNetworkMember.get(acct(42), netuid)).toBe(false);
      expect(S.BlockAtRegistration.get(netuid, 2)).toBe(10n);
      expect(S.Emission.get(netuid)).toEqual([0n, 50n, 0n, 30n]);
      expect(S.Weights.get(netuid, 2)).toEqual([]);
      expect(S.Bonds.get(netuid, 2)).toEqual([]);
      expect(S.Weights.get(netuid, 1)).toEqual([[2, 0], [3, 100]]);
      expect(S.Axons.get(netuid, acct(42))).toBeNull();
      expect(S.LastUpdate.get(netuid)[2]).toBe(10n);
    });
  });

  it('an immune uid is never pruned while non-immune ones exist, and the owner hotkey is immortal', () => {
    const { c, owner, netuid } = fullSubnet();
    c.nextBlock(6); // block 10
    c.q(() => S.Emission.set(netuid, [0n, 50n, 10n, 30n]));
    expect(c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: acct(44) }).ok).toBe(true); // replaces uid 2
    c.nextBlock(); // block 11: uid 2 (emission 0) is immune; owner uid 0 (emission 0) is immortal
    c.q(() => S.Emission.set(netuid, [0n, 50n, 0n, 30n]));
    expect(c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: acct(45) }).ok).toBe(true);
    c.q(() => {
      expect(S.Keys.get(netuid, 0)).toEqual(acct(100));
      expect(S.Keys.get(netuid, 2)).toEqual(acct(44));
      expect(S.Keys.get(netuid, 3)).toEqual(acct(45)); // emission 30 < 50
    });
  });

  it('when every candidate is immune, the lowest-emission immune uid goes; with only the owner left, NoNeuronIdAvailable', () => {
    const { c, owner, netuid } = fullSubnet();
    c.nextBlock(); // block 5: all of uids 1..3 still immune (period 3 → uid 3 registered at 4)
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_immunity_period', { netuid, immunity_period: 1000 }).ok).toBe(true);
    c.q(() => S.Emission.set(netuid, [0n, 50n, 10n, 30n]));
    expect(c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: acct(46) }).ok).toBe(true);
    expect(c.q(() => S.Keys.get(netuid, 2))).toEqual(acct(46)); // lowest emission among immune

    const solo = chainWithSubnet();
    solo.c.q(() => S.MaxAllowedUids.set(solo.netuid, 1));
    const before = solo.c.snapshot();
    const r = solo.c.call(signed(solo.owner), 'SubtensorModule', 'burned_register', { netuid: solo.netuid, hotkey: acct(47) });
    expect(r.error).toBe('NoNeuronIdAvailable');
    expect(solo.c.snapshot()).toEqual(before);
  });
});

describe('root_register', () => {
  it('appends to root, makes the hotkey a delegate and emits NeuronRegistered(0, uid, hotkey)', () => {
    const { c, owner } = chainWithSubnet();
    const r = c.call(signed(owner), 'SubtensorModule', 'root_register', { hotkey: acct(100) });
    expect(r.ok, r.error).toBe(true);
    expect(c.q(() => [S.Uids.get(0, acct(100)), K.Delegates.contains(acct(100))])).toEqual([0, true]);
    expect(c.call(signed(owner), 'SubtensorModule', 'root_register', { hotkey: acct(101) }).error).toBe('TooManyRegistrationsThisBlock');
  });
});

describe('paying the burn keeps the coldkey alive (transfer_tao_to_subnet)', () => {
  it('with less than burn + ED, the coldkey pays what leaves it at the ED; RAORecycledForRegistration counts the full price', () => {
    const { c, owner, netuid } = chainWithSubnet();
    c.nextBlock();
    const burn = c.q(() => S.Burn.get(netuid));
    const poor = acct(60);
    // Fund `poor` with burn + 100 rao (ED is 500).
    expect(c.call(signed(owner), 'Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: poor }, value: burn + 100n }).ok).toBe(true);
    const recycled = c.q(() => S.RAORecycledForRegistration.get(netuid));
    const r = c.call(signed(poor), 'SubtensorModule', 'burned_register', { netuid, hotkey: acct(61) });
    expect(r.ok, r.error).toBe(true);
    expect(c.q(() => freeBalance(poor))).toBe(500n);
    expect(c.q(() => S.RAORecycledForRegistration.get(netuid)) - recycled).toBe(burn);
  });
});
