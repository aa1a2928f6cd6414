// Neuron registration (HEAD subnets/registration.rs, subnets/uids.rs, coinbase/root.rs do_root_register):
// burned registration with the §6.1 burn dynamics, PoW `register` accepted with the proof ignored, root
// registration by root stake, and pruning / replacing / appending neurons exactly as subtensor does.
import type { AccountId } from '../../../primitives.ts';
import { type Origin, ensureSigned } from '../../../frame/dispatch.ts';
import { subnetStorage as S } from './storage.ts';
import { stakingStorage as K } from '../staking/storage.ts';
import { coinbaseStorage as C } from '../coinbase/storage.ts';
import { swapTaoForAlpha } from '../staking/pools.ts';
import { canRemoveBalance } from '../staking/ext.ts';
import { bumpBurn, decayBurn } from './burn.ts';
import { keccakAsU8a, sha256AsU8a } from '@polkadot/util-crypto';
import { System } from '../../system/index.ts';
import * as Balances from '../../balances/index.ts';
import { runtimeConfig } from '../../../config.ts';
import { epochDue } from '../coinbase/epoch_schedule.ts';
import {
  ensure, emit, err, currentBlock, eqBytes, subnetExists, isRoot, createAccountIfNonExistent, coldkeyOwnsHotkey,
  setActiveForUid, setLastUpdateForUid, setAt, isNeuronImmune, takeTaoForSubnet,
} from './helpers.ts';
import { U64_MAX } from '../epoch/fixed.ts';

const I64_MAX = (1n << 63n) - 1n;

/** Storage indices (mecid·4096 + netuid) of a subnet's mechanisms; only mechanism 0 carries data in this port. */
const mechanismIndices = (netuid: number): number[] => {
  const n = S.MechanismCountCurrent.get(netuid);
  return Array.from({ length: n }, (_, m) => m * 4096 + netuid);
};

/**
 * `do_reset_bonds` for every mechanism, run when the hotkey commits a ResetBondsFlag (Commitments): if the subnet
 * has BondsResetOn, the hotkey's column is dropped from every validator's bonds row, so bonds held on it restart.
 */
export function resetBondsOfHotkey(netuid: number, hotkey: AccountId): void {
  if (!S.BondsResetOn.get(netuid)) return;
  const uid = S.Uids.get(netuid, hotkey);
  if (uid === null) return;
  for (const idx of mechanismIndices(netuid)) {
    for (const [i, row] of S.Bonds.iterPrefix(idx)) S.Bonds.set(idx, i, row.filter(([j]) => j !== uid));
  }
}

/** `append_neuron`: the next uid (= SubnetworkN) gets `hotkey`; per-uid vectors grow by one default entry. */
export function appendNeuron(netuid: number, hotkey: AccountId, block: bigint): number {
  const uid = S.SubnetworkN.get(netuid);
  S.SubnetworkN.set(netuid, uid + 1);
  S.Active.mutate(netuid, v => [...v, true]);
  S.Emission.mutate(netuid, v => [...v, 0n]);
  S.Consensus.mutate(netuid, v => [...v, 0]);
  for (const idx of mechanismIndices(netuid)) {
    S.Incentive.mutate(idx, v => [...v, 0]);
    // LastUpdate is padded to SubnetworkN (already incremented) and the new uid's slot set.
    setLastUpdateForUid(idx, uid, block);
  }
  S.Dividends.mutate(netuid, v => [...v, 0]);
  S.ValidatorTrust.mutate(netuid, v => [...v, 0]);
  S.ValidatorPermit.mutate(netuid, v => [...v, false]);
  S.Keys.set(netuid, uid, hotkey);
  S.Uids.set(netuid, hotkey, uid);
  S.BlockAtRegistration.set(netuid, uid, block);
  S.IsNetworkMember.set(hotkey, netuid, true);
  return uid;
}

/** `clear_neuron`: zero the uid's per-uid entries, drop its weights and bonds rows and incoming weights. */
export function clearNeuron(netuid: number, uid: number): void {
  S.Emission.mutate(netuid, v => { setAt(v, uid, 0n); return v; });
  S.Consensus.mutate(netuid, v => { setAt(v, uid, 0); return v; });
  for (const idx of mechanismIndices(netuid)) {
    S.Incentive.mutate(idx, v => { setAt(v, uid, 0); return v; });
    S.Bonds.remove(idx, uid);
    S.Weights.remove(idx, uid);
    for (const [row, weights] of S.Weights.iterPrefix(idx)) {
      if (weights.some(([j]) => j === uid)) S.Weights.set(idx, row, weights.map(([j, w]) => [j, j === uid ? 0 : w]));
    }
  }
  S.Dividends.mutate(netuid, v => { setAt(v, uid, 0); return v; });
  S.StakeWeight.mutate(netuid, v => { setAt(v, uid, 0); return v; });
  S.ValidatorTrust.mutate(netuid, v => { setAt(v, uid, 0); return v; });
  S.ValidatorPermit.mutate(netuid, v => { setAt(v, uid, false); return v; });
}

/** `replace_neuron`: the uid is reused by `hotkey`; never replaces the subnet owner's hotkey. */
export function replaceNeuron(netuid: number, uid: number, hotkey: AccountId, block: bigint): void {
  const old = S.Keys.get(netuid, uid);
  if (S.SubnetOwnerHotkey.contains(netuid) && eqBytes(S.SubnetOwnerHotkey.get(netuid), old)) return;
  S.Uids.remove(netuid, old);
  S.AssociatedEvmAddress.remove(netuid, uid);
  S.IsNetworkMember.remove(old, netuid);
  S.Keys.remove(netuid, uid);
  setActiveForUid(netuid, uid, true);
  S.Keys.set(netuid, uid, hotkey);
  S.Uids.set(netuid, hotkey, uid);
  S.BlockAtRegistration.set(netuid, uid, block);
  S.IsNetworkMember.set(hotkey, netuid, true);
  S.Axons.remove(netuid, old);
  S.NeuronCertificates.remove(netuid, old);
  S.Prometheus.remove(netuid, old);
  clearNeuron(netuid, uid);
  for (const idx of mechanismIndices(netuid)) setLastUpdateForUid(idx, uid, block);
}

/**
 * `get_immune_owner_tuples`: the owner coldkey's registered hotkeys, earliest registration first (then uid),
 * cut to ImmuneOwnerUidsLimit, with SubnetOwnerHotkey put first when stored and registered.
 */
export function immuneOwnerTuples(netuid: number, coldkey: AccountId): [number, AccountId][] {
  const triples: [bigint, number, AccountId][] = [];
  for (const hk of S.OwnedHotkeys.get(coldkey)) {
    const uid = S.Uids.get(netuid, hk);
    if (uid !== null) triples.push([S.BlockAtRegistration.get(netuid, uid), uid, hk]);
  }
  triples.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const limit = S.ImmuneOwnerUidsLimit.get(netuid);
  const tuples: [number, AccountId][] = triples.slice(0, limit).map(([, uid, hk]) => [uid, hk]);
  if (S.SubnetOwnerHotkey.contains(netuid)) {
    const ownerHk = S.SubnetOwnerHotkey.get(netuid);
    const ownerUid = S.Uids.get(netuid, ownerHk);
    if (ownerUid !== null && !tuples.some(([u, h]) => u === ownerUid && eqBytes(h, ownerHk))) {
      tuples.unshift([ownerUid, ownerHk]);
      if (tuples.length > limit) tuples.length = limit;
    }
  }
  return tuples;
}

/**
 * HEAD `get_neuron_to_prune`: skip owner-immortal hotkeys; lowest Emission among non-immune uids (ties: earliest
 * registration, then lowest uid) when more than MinNonImmuneUids of them exist, else the same among immune uids.
 */
export function getNeuronToPrune(netuid: number): number | null {
  const n = S.SubnetworkN.get(netuid);
  if (n === 0) return null;
  const immortal = immuneOwnerTuples(netuid, S.SubnetOwner.get(netuid)).map(([, hk]) => hk);
  const emissions = S.Emission.get(netuid);
  type Cand = { e: bigint; b: bigint; uid: number };
  let bestFree: Cand | null = null;
  let bestImmune: Cand | null = null;
  let freeCount = 0;
  const better = (c: Cand, best: Cand | null): boolean =>
    best === null || (c.e !== best.e ? c.e < best.e : c.b !== best.b ? c.b < best.b : c.uid < best.uid);
  for (let uid = 0; uid < n; uid++) {
    if (!S.Keys.contains(netuid, uid)) continue;
    const hk = S.Keys.get(netuid, uid);
    if (immortal.some(h => eqBytes(h, hk))) continue;
    const c: Cand = { e: emissions[uid] ?? 0n, b: S.BlockAtRegistration.get(netuid, uid), uid };
    if (isNeuronImmune(netuid, uid)) {
      if (better(c, bestImmune)) bestImmune = c;
    } else {
      freeCount++;
      if (better(c, bestFree)) bestFree = c;
    }
  }
  if (bestFree === null && bestImmune === null) return null;
  if (freeCount > S.MinNonImmuneUids.get(netuid) && bestFree !== null) return bestFree.uid;
  return bestImmune?.uid ?? null;
}

/** `register_neuron`: append while below MaxAllowedUids, otherwise replace the prune candidate. */
export function registerNeuron(netuid: number, hotkey: AccountId): number {
  const block = currentBlock();
  if (S.SubnetworkN.get(netuid) < S.MaxAllowedUids.get(netuid)) return appendNeuron(netuid, hotkey, block);
  const uid = getNeuronToPrune(netuid);
  if (uid === null) throw err('NoNeuronIdAvailable');
  replaceNeuron(netuid, uid, hotkey, block);
  return uid;
}

/** `bump_registration_price_after_registration` (not on root). */
export function bumpRegistrationPrice(netuid: number): void {
  if (isRoot(netuid)) return;
  S.Burn.set(netuid, bumpBurn(S.Burn.get(netuid), S.BurnIncreaseMult.get(netuid).bits, S.MinBurn.get(netuid), S.MaxBurn.get(netuid)));
}

/**
 * `update_registration_prices_for_networks` (block step, on_initialize): per-block burn decay, reset of
 * RegistrationsThisBlock, and root's interval counter reset on its epoch boundary.
 */
export function updateRegistrationPricesForNetworks(): void {
  const block = currentBlock();
  for (const [netuid] of S.NetworksAdded.entries()) {
    const burn = S.Burn.get(netuid);
    const next = decayBurn(burn, S.BurnHalfLife.get(netuid), block, S.MinBurn.get(netuid), S.MaxBurn.get(netuid));
    if (next !== burn) S.Burn.set(netuid, next);
    S.RegistrationsThisBlock.set(netuid, 0);
    if (isRoot(netuid) && epochDue(0, block)) S.RegistrationsThisInterval.set(0, 0);
  }
}

/** `do_register` (burned_register, register, register_limit): the coldkey pays Burn[netuid]. */
export function doRegister(origin: Origin, netuid: number, hotkey: AccountId): void {
  const coldkey = ensureSigned(origin);
  ensure(!isRoot(netuid), 'RegistrationNotPermittedOnRootSubnet');
  ensure(subnetExists(netuid), 'SubnetNotExists');
  ensure(S.NetworkRegistrationAllowed.get(netuid), 'SubNetRegistrationDisabled');
  ensure(!S.Uids.contains(netuid, hotkey), 'HotKeyAlreadyRegisteredInSubNet');
  const cost = S.Burn.get(netuid);
  ensure(canRemoveBalance(coldkey, cost), 'NotEnoughBalanceToStake');
  createAccountIfNonExistent(coldkey, hotkey);
  ensure(coldkeyOwnsHotkey(coldkey, hotkey), 'NonAssociatedColdKey');
  const maxN = S.MaxAllowedUids.get(netuid);
  ensure(maxN !== 0, 'NoNeuronIdAvailable');
  if (S.SubnetworkN.get(netuid) >= maxN) ensure(getNeuronToPrune(netuid) !== null, 'NoNeuronIdAvailable');

  // The burn (kept-alive: less if paying all of it would reap the coldkey) buys alpha from the pool, and that
  // alpha is destroyed (removed from SubnetAlphaOut). RAORecycledForRegistration counts the full price.
  const paid = takeTaoForSubnet(coldkey, cost);
  if (paid > 0n) {
    const swap = swapTaoForAlpha(netuid, paid);
    if (typeof swap === 'string') throw err(swap);
    K.SubnetAlphaOut.mutate(netuid, v => (v > swap.amountOut ? v - swap.amountOut : 0n));
  }
  const uid = registerNeuron(netuid, hotkey);
  bumpRegistrationPrice(netuid);
  S.RegistrationsThisBlock.mutate(netuid, v => Math.min(v + 1, 0xffff));
  S.RAORecycledForRegistration.mutate(netuid, v => v + cost);
  // record_tao_inflow (i64, saturating)
  S.SubnetTaoFlow.mutate(netuid, v => (v + paid > I64_MAX ? I64_MAX : v + paid));
  emit('NeuronRegistered', [netuid, uid, hotkey]);
}

/** `do_register_limit`: fails with RegistrationPriceLimitExceeded when Burn exceeds the caller's limit. */
export function doRegisterLimit(origin: Origin, netuid: number, hotkey: AccountId, limitPrice: bigint): void {
  ensureSigned(origin);
  ensure(!isRoot(netuid), 'RegistrationNotPermittedOnRootSubnet');
  ensure(subnetExists(netuid), 'SubnetNotExists');
  ensure(S.Burn.get(netuid) <= limitPrice, 'RegistrationPriceLimitExceeded');
  doRegister(origin, netuid, hotkey);
}

/** `do_root_register`: append to root while below MaxAllowedUids[0], else replace the lowest root stake. */
export function doRootRegister(origin: Origin, hotkey: AccountId): void {
  const block = currentBlock();
  ensure(subnetExists(0), 'RootNetworkDoesNotExist');
  const coldkey = ensureSigned(origin);
  ensure(S.RegistrationsThisBlock.get(0) < S.MaxRegistrationsPerBlock.get(0), 'TooManyRegistrationsThisBlock');
  ensure(S.RegistrationsThisInterval.get(0) < S.TargetRegistrationsPerInterval.get(0) * 3, 'TooManyRegistrationsThisInterval');
  ensure(!S.Uids.contains(0, hotkey), 'HotKeyAlreadyRegisteredInSubNet');
  createAccountIfNonExistent(coldkey, hotkey);
  let uid: number;
  if (S.SubnetworkN.get(0) < S.MaxAllowedUids.get(0)) {
    uid = appendNeuron(0, hotkey, block);
  } else {
    let lowest = U64_MAX;
    let lowestUid = 0;
    for (const [u, hk] of S.Keys.iterPrefix(0)) {
      const stake = K.TotalHotkeyAlpha.get(hk, 0);
      if (stake < lowest) { lowest = stake; lowestUid = u; }
    }
    ensure(lowest < K.TotalHotkeyAlpha.get(hotkey, 0), 'StakeTooLowForRoot');
    uid = lowestUid;
    replaceNeuron(0, uid, hotkey, block);
  }
  // delegate_hotkey with the default 18% take unless it is already a delegate.
  if (!K.Delegates.contains(hotkey)) K.Delegates.set(hotkey, 11_796);
  S.RegistrationsThisInterval.mutate(0, v => Math.min(v + 1, 0xffff));
  S.RegistrationsThisBlock.mutate(0, v => Math.min(v + 1, 0xffff));
  emit('NeuronRegistered', [0, uid, hotkey]);
}

const FAUCET_DIFFICULTY = 1_000_000n;
const FAUCET_AMOUNT = 1_000_000_000_000n;
const U256 = 1n << 256n;

/** `hash_meets_difficulty`: the work as a little-endian U256 times the difficulty must not overflow 2^256. */
export function hashMeetsDifficulty(hash: Uint8Array, difficulty: bigint): boolean {
  let v = 0n;
  for (let i = hash.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(hash[i]);
  return v * difficulty < U256;
}

/** `create_seal_hash`: keccak256(sha256(nonce_le ‖ keccak256(block_hash(block_number) ‖ account))). */
export function createSealHash(blockNumber: bigint, nonce: bigint, account: AccountId): Uint8Array {
  const blockHash = System.storage.BlockHash.get(Number(blockNumber & 0xffff_ffffn));
  const blockAndKey = keccakAsU8a(new Uint8Array([...blockHash, ...account]), 256);
  const nonceLe = new Uint8Array(8);
  for (let i = 0; i < 8; i++) nonceLe[i] = Number((nonce >> BigInt(8 * i)) & 0xffn);
  return keccakAsU8a(sha256AsU8a(new Uint8Array([...nonceLe, ...blockAndKey])), 256);
}

/**
 * `do_faucet` (call 60, `pow-faucet` builds — the localnet ones): proof of work over a recent block mints 1000 TAO
 * to the signer. Only fast-runtime (localnet) configurations enable it; otherwise FaucetDisabled.
 */
export function doFaucet(origin: Origin, blockNumber: bigint, nonce: bigint, work: Uint8Array): void {
  if (!runtimeConfig.fastRuntime) throw err('FaucetDisabled');
  const coldkey = ensureSigned(origin);
  const now = currentBlock();
  ensure(blockNumber <= now, 'InvalidWorkBlock');
  ensure(now - blockNumber < 3n, 'InvalidWorkBlock');
  ensure(work.length === 32 && hashMeetsDifficulty(work, FAUCET_DIFFICULTY), 'InvalidDifficulty');
  const seal = createSealHash(blockNumber, nonce, coldkey);
  ensure(eqBytes(seal, work), 'InvalidSeal');
  S.UsedWork.set(work, now);
  Balances.mint(coldkey, FAUCET_AMOUNT);
  emit('Faucet', [coldkey, FAUCET_AMOUNT]);
}

/**
 * `trim_to_max_allowed_uids` (AdminUtils 78): lowers MaxAllowedUids and, when the subnet is larger, removes the
 * lowest-emission uids (never the owner's immortal uids or immune ones), then compacts the survivors onto uids
 * 0..max_n-1 in their old order, remapping weights and bonds columns.
 */
export function trimToMaxAllowedUids(netuid: number, maxN: number): void {
  ensure(subnetExists(netuid), 'SubnetNotExists');
  ensure(maxN >= S.MinAllowedUids.get(netuid), 'InvalidValue');
  ensure(maxN <= S.MaxAllowedUids.get(netuid), 'InvalidValue');
  S.MaxAllowedUids.set(netuid, maxN);
  const n = S.SubnetworkN.get(netuid);
  if (n <= maxN) return;
  const ownerUids = new Set(immuneOwnerTuples(netuid, S.SubnetOwner.get(netuid)).map(([uid]) => uid));
  let immune = 0;
  for (let uid = 0; uid < n; uid++) if (ownerUids.has(uid) || isNeuronImmune(netuid, uid)) immune++;
  // Percent::from_rational (rounds down) must stay below MaxImmuneUidsPercentage (80%).
  const pct = maxN === 0 ? 100 : Math.min(100, Math.floor((immune * 100) / maxN));
  ensure(pct < 80, 'TrimmingWouldExceedMaxImmunePercentage');

  // Highest emission first; the stable sort keeps uid order among equals.
  const emissionVec = S.Emission.get(netuid);
  const order: [number, bigint][] = emissionVec.map((e, uid) => [uid, e] as [number, bigint]);
  order.sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0));
  const idxs = mechanismIndices(netuid);
  let left = n;
  for (let i = n - 1; i >= 0; i--) {
    if (left === maxN) break;
    const entry = order[i];
    if (!entry) continue;
    const uid = entry[0];
    if (ownerUids.has(uid) || isNeuronImmune(netuid, uid)) continue;
    if (S.Keys.contains(netuid, uid)) {
      const hk = S.Keys.get(netuid, uid);
      S.Uids.remove(netuid, hk);
      S.IsNetworkMember.remove(hk, netuid);
      K.AlphaDividendsPerSubnet.remove(netuid, hk);
      S.Axons.remove(netuid, hk);
      S.NeuronCertificates.remove(netuid, hk);
      S.Prometheus.remove(netuid, hk);
    }
    S.Keys.remove(netuid, uid);
    S.BlockAtRegistration.remove(netuid, uid);
    S.AssociatedEvmAddress.remove(netuid, uid);
    for (const idx of idxs) { S.Weights.remove(idx, uid); S.Bonds.remove(idx, uid); }
    order.splice(i, 1);
    left--;
  }
  order.sort((a, b) => a[0] - b[0]);
  const kept = order.map(([uid]) => uid);
  const pick = <T>(v: T[], dflt: T): T[] => kept.map(uid => v[uid] ?? dflt);
  S.Emission.set(netuid, order.map(([, e]) => e));
  S.Active.set(netuid, pick(S.Active.get(netuid), false));
  S.Consensus.set(netuid, pick(S.Consensus.get(netuid), 0));
  S.Dividends.set(netuid, pick(S.Dividends.get(netuid), 0));
  S.ValidatorTrust.set(netuid, pick(S.ValidatorTrust.get(netuid), 0));
  S.ValidatorPermit.set(netuid, pick(S.ValidatorPermit.get(netuid), false));
  S.StakeWeight.set(netuid, pick(S.StakeWeight.get(netuid), 0));
  for (const idx of idxs) {
    S.Incentive.set(idx, pick(S.Incentive.get(idx), 0));
    S.LastUpdate.set(idx, pick(S.LastUpdate.get(idx), 0n));
  }
  const oldToNew = new Map(kept.map((oldUid, newUid) => [oldUid, newUid]));
  const remap = (row: [number, number][]): [number, number][] =>
    row.filter(([j]) => oldToNew.has(j)).map(([j, w]) => [oldToNew.get(j)!, w] as [number, number]);
  kept.forEach((oldUid, newUid) => {
    // Ascending old uids onto ascending new ones: each target slot is already vacated (a swap in subtensor).
    if (oldUid !== newUid) {
      for (const item of [S.Keys, S.BlockAtRegistration] as const) {
        const v = (item as any).get(netuid, oldUid);
        (item as any).set(netuid, newUid, v);
        (item as any).remove(netuid, oldUid);
      }
      const evm = S.AssociatedEvmAddress.get(netuid, oldUid);
      S.AssociatedEvmAddress.remove(netuid, oldUid);
      if (evm !== null) S.AssociatedEvmAddress.set(netuid, newUid, evm);
    }
    for (const idx of idxs) {
      for (const item of [S.Weights, S.Bonds] as const) {
        const row = item.get(idx, oldUid);
        if (oldUid !== newUid) item.remove(idx, oldUid);
        item.set(idx, newUid, remap(row));
      }
    }
  });
  S.Uids.removePrefix(netuid);
  kept.forEach((_, newUid) => S.Uids.set(netuid, S.Keys.get(netuid, newUid), newUid));
  S.SubnetworkN.set(netuid, maxN);
}
