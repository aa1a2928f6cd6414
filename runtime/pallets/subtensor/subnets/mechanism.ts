// Sub-mechanisms (HEAD subnets/mechanism.rs): a subnet with MechanismCountCurrent = k runs k epochs at each of its
// epoch blocks, mechanism m on its own weights, bonds, LastUpdate and Incentive (storage index m × 4096 + netuid)
// with the share of the emission MechanismEmissionSplit gives it (even split when unset). The per-uid results are
// then folded into one set per subnet: emissions add up, the u16 terms are weighted by each mechanism's share.
import type { EpochOutput } from '../epoch/types.ts';
import { runEpoch } from '../epoch/index.ts';
import { subnetStorage as N } from './storage.ts';
import { buildEpochInput, persistMechanismTerms, persistNetuidTerms, readStakes, subnetHotkeys, epochOptions, epochHooks, type NetuidTerms } from '../coinbase/epoch_io.ts';
import { U64_MAX } from '../epoch/fixed.ts';
import { storageIndex } from './helpers.ts';
import type { EpochInput } from '../epoch/types.ts';
import { combinedStake } from '../epoch/run_epoch.ts';
import { fixed64ToU64 } from '../epoch/math.ts';
import { updateVotingPowerForSubnet } from '../utils/voting_power.ts';
import { votingPowerStorage as V } from '../utils/voting_power_storage.ts';
import type { AccountId } from '../../../primitives.ts';

const U16_MAX = 65_535n;

/** split_emissions: `alpha` over the mechanisms; what the split's floors lose goes to mechanism 0. */
export function splitEmissions(netuid: number, alpha: bigint): bigint[] {
  const count = N.MechanismCountCurrent.get(netuid);
  const split = N.MechanismEmissionSplit.get(netuid);
  const out = split !== null
    ? split.map(s => (alpha * BigInt(s)) / U16_MAX)
    : Array.from({ length: count }, () => (count === 0 ? 0n : alpha / BigInt(count)));
  out.length = Math.min(out.length, count);
  while (out.length < count) out.push(0n);
  const spent = out.reduce((a, b) => a + b, 0n);
  if (out.length > 0 && alpha > spent) out[0] += alpha - spent;
  return out;
}

/** update_mechanism_counts_if_needed: a lower count clears the dropped mechanisms' storage; any change resets the split. */
export function updateMechanismCountsIfNeeded(netuid: number, newCount: number): void {
  const old = N.MechanismCountCurrent.get(netuid);
  if (old === newCount) return;
  for (let mecid = newCount; mecid < old; mecid++) {
    const idx = storageIndex(netuid, mecid);
    N.Weights.removePrefix(idx);
    N.Incentive.remove(idx);
    N.LastUpdate.remove(idx);
    N.Bonds.removePrefix(idx);
    N.WeightCommits.removePrefix(idx);
    N.TimelockedWeightCommits.removePrefix(idx);
  }
  N.MechanismCountCurrent.set(netuid, newCount);
  N.MechanismEmissionSplit.remove(netuid);
}

/** U64F64 weighted accumulation floor(existing + added × w) (weighted_acc_u16 / weighted_acc_alpha), saturating. */
const weightedAcc = (existing: bigint, added: bigint, w: bigint, max: bigint): bigint => {
  const v = ((existing << 64n) + added * w) >> 64n;
  return v > max ? max : v;
};

export interface SubnetEmission { serverEmission: bigint[]; validatorEmission: bigint[] }

/**
 * epoch_with_mechanisms: run every mechanism's epoch on its share of `emission`, persist each mechanism's terms and
 * the subnet's aggregate, and return the per-uid server and validator emission summed over mechanisms.
 */
export function epochWithMechanisms(netuid: number, emission: bigint, hotkeys = subnetHotkeys(netuid),
  stakes = readStakes(netuid, hotkeys)): SubnetEmission {
  const shares = splitEmissions(netuid, emission);
  const outputs: [EpochOutput, bigint][] = [];
  let firstInput: EpochInput | null = null;
  shares.forEach((share, mecid) => {
    const built = buildEpochInput(netuid, share, mecid, hotkeys, stakes);
    firstInput ??= built.input;
    const { bondsStored } = built;
    // dev_epochExplain's what-if overrides replace the input: those are checked; the pallet's own input is trusted.
    const input = epochHooks.transform?.(netuid, mecid, built.input) ?? built.input;
    const out = runEpoch(input, { ...epochOptions, trusted: input === built.input });
    epochHooks.observe?.(netuid, mecid, input, out, hotkeys);
    persistMechanismTerms(netuid, mecid, out, input, bondsStored);
    // U64F64 share of the emission; with no emission mechanism 0 weighs 1 and the others 0.
    const w = emission === 0n ? (mecid === 0 ? 1n << 64n : 0n) : (share << 64n) / emission;
    outputs.push([out, w]);
  });
  if (outputs.length === 1 && outputs[0][1] === 1n << 64n) {
    // One mechanism at weight 1: the aggregate is its own output (floor(0 + x · 1) = x).
    const [out] = outputs[0];
    persistNetuidTerms(netuid, out);
    noteVotingPower(netuid, hotkeys, firstInput, out.validatorPermit, 1);
    return out;
  }
  const n = hotkeys.length;
  const zero = () => Array.from({ length: n }, () => 0n);
  const acc = { dividends: zero(), stakeWeight: zero(), consensus: zero(), validatorTrust: zero(), emission: zero(),
    server: zero(), validator: zero(), active: Array<boolean>(n).fill(false), permit: Array<boolean>(n).fill(false) };
  const u16 = (v: bigint[]) => v.map(Number);
  for (const [out, w] of outputs) {
    for (let uid = 0; uid < n; uid++) {
      acc.server[uid] = sat64(acc.server[uid] + out.serverEmission[uid]);
      acc.validator[uid] = sat64(acc.validator[uid] + out.validatorEmission[uid]);
      acc.dividends[uid] = weightedAcc(acc.dividends[uid], BigInt(out.dividends[uid]), w, U16_MAX);
      acc.stakeWeight[uid] = weightedAcc(acc.stakeWeight[uid], BigInt(out.stakeWeight[uid]), w, U16_MAX);
      acc.consensus[uid] = weightedAcc(acc.consensus[uid], BigInt(out.consensus[uid]), w, U16_MAX);
      acc.validatorTrust[uid] = weightedAcc(acc.validatorTrust[uid], BigInt(out.validatorTrust[uid]), w, U16_MAX);
      acc.emission[uid] = weightedAcc(acc.emission[uid], out.emission[uid], w, U64_MAX);
      acc.active[uid] ||= out.active[uid];
      acc.permit[uid] ||= out.validatorPermit[uid];
    }
  }
  const terms: NetuidTerms = {
    active: acc.active, emission: acc.emission, consensus: u16(acc.consensus), dividends: u16(acc.dividends),
    validatorTrust: u16(acc.validatorTrust), validatorPermit: acc.permit, stakeWeight: u16(acc.stakeWeight),
  };
  persistNetuidTerms(netuid, terms);
  noteVotingPower(netuid, hotkeys, firstInput, acc.permit, outputs.length);
  return { serverEmission: acc.server, validatorEmission: acc.validator };
}

/**
 * HEAD's update_voting_power_for_subnet on the aggregated epoch terms: each uid's `stake` is its combined stake
 * floored to u64, summed over the mechanisms (every mechanism's epoch reads the same stake), in hotkey order.
 */
function noteVotingPower(netuid: number, hotkeys: AccountId[], input: EpochInput | null, permits: boolean[], mechanisms: number): void {
  if (input === null || !V.VotingPowerTrackingEnabled.get(netuid)) return;
  const stake = combinedStake(input).map(s => sat64(fixed64ToU64(s) * BigInt(mechanisms)));
  const hex = (a: AccountId) => Buffer.from(a).toString('hex');
  const terms = hotkeys.map((hotkey, uid) => ({ hotkey, stake: stake[uid], newValidatorPermit: permits[uid] ?? false }))
    .sort((a, b) => (hex(a.hotkey) < hex(b.hotkey) ? -1 : 1));
  updateVotingPowerForSubnet(netuid, terms);
}

const sat64 = (v: bigint): bigint => (v > U64_MAX ? U64_MAX : v);
