// EpochExplainApi (dev only, not in subtensor and not in the metadata): runs a subnet's epoch on the current state
// without keeping anything and returns every intermediate vector. The runtime API already runs on an overlay the
// node discards; inside it the epoch is triggered for the next block (as trigger_epoch / dev_runEpoch would) and
// that block's SubtensorModule step runs, so the explanation sees exactly the input — block number, accrued
// emission — the next real epoch will see. The pallet's own epoch runs (WASM) and gives the outputs; the TypeScript
// reference, held bit-identical to it, runs once more on the same input to record the intermediates.
import { defineRuntimeApi, RuntimeApiError } from '../../../frame/runtime_api.ts';
import * as t from '../../../codec/types.ts';
import type { AccountId } from '../../../primitives.ts';
import { System, blockNumber } from '../../system/index.ts';
import { blockStep } from '../coinbase/block_step.ts';
import { coinbaseStorage as C } from '../coinbase/storage.ts';
import { buildEpochInput, epochHooks } from '../coinbase/epoch_io.ts';
import { runEpoch } from '../epoch/index.ts';
import { runEpochReference, type EpochIntermediates } from '../epoch/run_epoch.ts';
import type { EpochInput, EpochOutput, SparseRowU16 } from '../epoch/types.ts';
import type { SparseMatrix } from '../epoch/math.ts';
import { subnetExists } from '../subnets/helpers.ts';
import { EpochExplanation, EpochOverrides, type EpochExplanationValue, type EpochOverridesValue } from './epoch_explain_codec.ts';

function applyOverrides(input: EpochInput, o: EpochOverridesValue | null): EpochInput {
  if (!o) return input;
  const uidOk = (uid: number, what: string) => {
    if (uid >= input.n) throw new RuntimeApiError(`${what} override for uid ${uid}: the subnet has ${input.n} uids`);
  };
  const x: EpochInput = { ...input, weights: input.weights.slice(), alphaStake: input.alphaStake.slice(), rootStake: input.rootStake.slice() };
  for (const [uid, row] of o.weights) {
    uidOk(uid, 'weights');
    // Stored rows are ascending by column with one entry per column: the override is normalised to that form.
    const cols = new Map<number, number>();
    for (const [j, w] of row) { uidOk(j, 'weights'); cols.set(j, w); }
    x.weights[uid] = [...cols].sort((a, b) => a[0] - b[0]);
  }
  for (const [uid, v] of o.alphaStake) { uidOk(uid, 'alphaStake'); x.alphaStake[uid] = v; }
  for (const [uid, v] of o.rootStake) { uidOk(uid, 'rootStake'); x.rootStake[uid] = v; }
  const set = <K extends keyof EpochInput>(k: K, v: EpochInput[K] | null) => { if (v !== null) x[k] = v; };
  set('kappa', o.kappa); set('bondsPenalty', o.bondsPenalty); set('bondsMovingAverage', o.bondsMovingAverage);
  set('yuma3', o.yuma3); set('liquidAlpha', o.liquidAlpha); set('alphaLow', o.alphaLow); set('alphaHigh', o.alphaHigh);
  set('alphaSigmoidSteepness', o.alphaSigmoidSteepness); set('maxAllowedValidators', o.maxAllowedValidators);
  set('activityCutoff', o.activityCutoff); set('stakeThreshold', o.stakeThreshold);
  set('commitRevealEnabled', o.commitRevealEnabled); set('taoWeight', o.taoWeight); set('emission', o.emission);
  return x;
}

const bools = (v: readonly boolean[]) => v.map(b => (b ? 1n : 0n));
const nums = (v: readonly (number | bigint)[]) => v.map(BigInt);
const vec = (name: string, unit: string, values: bigint[]) => ({ name, unit, values });
const matrix = (name: string, unit: string, rows: SparseMatrix | SparseRowU16[]) =>
  ({ name, unit, rows: rows.map(r => r.map(([j, v]) => [j, BigInt(v)] as [number, bigint])) });

function explanation(netuid: number, simulatedBlock: boolean, input: EpochInput, output: EpochOutput, hotkeys: AccountId[]): EpochExplanationValue {
  const rec: Partial<EpochIntermediates> = {};
  runEpochReference(input, rec);
  const r = rec as EpochIntermediates;
  const params: [string, bigint][] = [
    ['n', BigInt(input.n)], ['tempo', BigInt(input.tempo)], ['activityCutoff', input.activityCutoff],
    ['kappa', BigInt(input.kappa)], ['bondsPenalty', BigInt(input.bondsPenalty)], ['bondsMovingAverage', input.bondsMovingAverage],
    ['yuma3', input.yuma3 ? 1n : 0n], ['liquidAlpha', input.liquidAlpha ? 1n : 0n], ['alphaLow', BigInt(input.alphaLow)],
    ['alphaHigh', BigInt(input.alphaHigh)], ['alphaSigmoidSteepness', BigInt(input.alphaSigmoidSteepness)],
    ['maxAllowedValidators', BigInt(input.maxAllowedValidators)], ['stakeThreshold', input.stakeThreshold],
    ['taoWeight', input.taoWeight], ['commitRevealEnabled', input.commitRevealEnabled ? 1n : 0n],
    ['ownerUid', input.ownerUid === null ? -1n : BigInt(input.ownerUid)], ['lastMechanismStepBlock', input.lastMechanismStepBlock],
    ['emission', input.emission],
  ];
  return {
    netuid, block: input.block, simulatedBlock, hotkeys, parameters: params,
    inputs: [
      vec('alphaStake', 'u64', input.alphaStake.slice()), vec('rootStake', 'u64', input.rootStake.slice()),
      vec('lastUpdate', 'u64', input.lastUpdate.slice()), vec('blockAtRegistration', 'u64', input.blockAtRegistration.slice()),
      vec('validatorPermit', 'bool', bools(input.validatorPermit)),
    ],
    inputMatrices: [matrix('weights', 'u16', input.weights), matrix('bonds', 'u16', input.bonds)],
    intermediates: [
      vec('active', 'bool', bools(r.active)), vec('stake', 'I32F32', r.stake), vec('validatorPermit', 'bool', bools(r.validatorPermit)),
      vec('newValidatorPermit', 'bool', bools(r.newValidatorPermit)), vec('activeStake', 'I32F32', r.activeStake),
      vec('consensus', 'I32F32', r.consensus), vec('validatorTrust', 'I32F32', r.validatorTrust), vec('ranks', 'I32F32', r.ranks),
      vec('incentive', 'I32F32', r.incentive), vec('dividends', 'I32F32', r.dividends),
    ],
    intermediateMatrices: [
      matrix('weightsMasked', 'I32F32', r.weightsMasked), matrix('weights', 'I32F32', r.weights),
      matrix('clippedWeights', 'I32F32', r.clippedWeights), matrix('weightsForBonds', 'I32F32', r.weightsForBonds),
      matrix('bondsBefore', 'I32F32', r.bondsBefore), matrix('bondsAfter', 'I32F32', r.bondsAfter),
    ],
    outputs: [
      vec('active', 'bool', bools(output.active)), vec('validatorPermit', 'bool', bools(output.validatorPermit)),
      vec('stakeWeight', 'u16', nums(output.stakeWeight)), vec('consensus', 'u16', nums(output.consensus)),
      vec('validatorTrust', 'u16', nums(output.validatorTrust)), vec('incentive', 'u16', nums(output.incentive)),
      vec('dividends', 'u16', nums(output.dividends)), vec('emission', 'u64', output.emission.slice()),
      vec('serverEmission', 'u64', output.serverEmission.slice()), vec('validatorEmission', 'u64', output.validatorEmission.slice()),
    ],
    outputMatrices: [matrix('bonds', 'u16', output.bonds)],
  };
}

/** The epoch of `netuid` as the next block would run it, with `overrides` applied to its input. */
export function explainEpoch(netuid: number, overrides: EpochOverridesValue | null): EpochExplanationValue | null {
  if (netuid === 0 || !subnetExists(netuid)) return null;
  const block = blockNumber() + 1;
  let seen: { input: EpochInput; output: EpochOutput; hotkeys: AccountId[] } | undefined;
  // Mechanism 0 (the subnet's main weights and bonds) is the one explained.
  epochHooks.transform = (nu, mecid, input) => (nu === netuid && mecid === 0 ? applyOverrides(input, overrides) : input);
  epochHooks.observe = (nu, mecid, input, output, hotkeys) => { if (nu === netuid && mecid === 0) seen = { input, output, hotkeys }; };
  try {
    System.storage.Number.set(block);
    C.PendingEpochAt.set(netuid, BigInt(block));
    blockStep(block); // SubtensorModule's on_initialize
  } finally {
    delete epochHooks.transform;
    delete epochHooks.observe;
  }
  if (seen) return explanation(netuid, true, seen.input, seen.output, seen.hotkeys);
  // Deferred by MaxEpochsPerBlock (other subnets due first): the epoch on the state after that block step instead.
  const pending = C.PendingServerEmission.get(netuid) + C.PendingValidatorEmission.get(netuid) + C.PendingRootAlphaDivs.get(netuid);
  const { input, hotkeys } = buildEpochInput(netuid, pending);
  const x = applyOverrides(input, overrides);
  return explanation(netuid, false, x, runEpoch(x), hotkeys);
}

export const EpochExplainApi = defineRuntimeApi({
  name: 'EpochExplainApi',
  version: 1,
  hiddenFromMetadata: true,
  docs: [' subtensor-ts dev API: a subnet epoch with every intermediate vector, on a state that is not kept.'],
  methods: [{
    name: 'explain_epoch',
    inputs: [{ name: 'netuid', type: t.u16 }, { name: 'overrides', type: t.option(EpochOverrides) }],
    output: t.option(EpochExplanation),
    impl: explainEpoch,
  }],
});
