// SubtensorModule calls owned by subnets/: registration, subnets, serving, weights and owner settings, with
// HEAD's call indices, argument names, argument codecs and Rust type names (macros/dispatches.rs, spec 425).
import * as t from '../../../codec/types.ts';
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { AccountId32, NetUid, MechId, H256 } from '../../../primitives.ts';
import { SubnetIdentityV3, type SubnetIdentityValue } from './storage.ts';
import { doRegister, doRegisterLimit, doRootRegister, doFaucet } from './registration.ts';
import { doRegisterNetwork, doStartCall, doDissolveNetwork, doSetSubnetIdentity, doSetTempo, doTriggerEpoch, doUpdateSymbol, doSetActivityCutoffFactor, doSetIdentity, type ChainIdentityValue } from './subnets.ts';
import { ensureRoot } from '../../../frame/dispatch.ts';
import { doServeAxon, doServePrometheus, type AxonArgs } from './serving.ts';
import {
  doSetWeights, doBatchSetWeights, doCommitWeights, doBatchCommitWeights, doRevealWeights, doBatchRevealWeights, doCommitTimelockedWeights,
} from './weights.ts';

type Acc = Uint8Array;
const ACC = 'T::AccountId';
const u16s = t.vec(t.u16);
const compactNetuids = t.vec(t.compact(NetUid));

const axonArgs = { netuid: NetUid, version: t.u32, ip: t.u128, port: t.u16, ip_type: t.u8, protocol: t.u8, placeholder1: t.u8, placeholder2: t.u8 };
const axonTypeNames = { netuid: 'NetUid', version: 'u32', ip: 'u128', port: 'u16', ip_type: 'u8', protocol: 'u8', placeholder1: 'u8', placeholder2: 'u8' };

// Declared weights (ref_time) approximate subtensor's benchmarked values; fees only need the right order.
const W_WEIGHTS = 15_000_000n;
const W_REGISTER = 250_000_000n;
const W_SERVE = 30_000_000n;

export const subnetCalls: Record<string, CallDecl<any>> = {
  set_weights: call<{ netuid: number; dests: number[]; weights: number[]; version_key: bigint }>({
    index: 0, args: { netuid: NetUid, dests: u16s, weights: u16s, version_key: t.u64 },
    typeNames: { netuid: 'NetUid', dests: 'Vec<u16>', weights: 'Vec<u16>', version_key: 'u64' },
    weight: W_WEIGHTS, pays: 'No', docs: [' Sets the caller hotkey\'s weights on a subnet (rejected while commit-reveal is on).'],
    fn: (o, a) => doSetWeights(o, a.netuid, 0, a.dests, a.weights, a.version_key),
  }),
  serve_axon: call<AxonArgs>({
    index: 4, args: axonArgs, typeNames: axonTypeNames, weight: W_SERVE, pays: 'No',
    docs: [' Publishes the axon endpoint of the caller hotkey on a subnet.'],
    fn: (o, a) => doServeAxon(o, a, null),
  }),
  serve_prometheus: call<{ netuid: number; version: number; ip: bigint; port: number; ip_type: number }>({
    index: 5, args: { netuid: NetUid, version: t.u32, ip: t.u128, port: t.u16, ip_type: t.u8 },
    typeNames: { netuid: 'NetUid', version: 'u32', ip: 'u128', port: 'u16', ip_type: 'u8' }, weight: W_SERVE, pays: 'No',
    docs: [' Publishes the prometheus endpoint of the caller hotkey on a subnet.'],
    fn: (o, a) => doServePrometheus(o, a.netuid, a.version, a.ip, a.port, a.ip_type),
  }),
  register: call<{ netuid: number; block_number: bigint; nonce: bigint; work: Uint8Array; hotkey: Acc; coldkey: Acc }>({
    index: 6, args: { netuid: NetUid, block_number: t.u64, nonce: t.u64, work: t.bytes, hotkey: AccountId32, coldkey: AccountId32 },
    typeNames: { netuid: 'NetUid', block_number: 'u64', nonce: 'u64', work: 'Vec<u8>', hotkey: ACC, coldkey: ACC },
    weight: W_REGISTER, docs: [' Registration with proof of work; at HEAD the work is ignored and the signer pays the burn.'],
    fn: (o, a) => doRegister(o, a.netuid, a.hotkey),
  }),
  burned_register: call<{ netuid: number; hotkey: Acc }>({
    index: 7, args: { netuid: NetUid, hotkey: AccountId32 }, typeNames: { netuid: 'NetUid', hotkey: ACC },
    weight: W_REGISTER, docs: [' Registers a hotkey on a subnet by paying the current burn.'],
    fn: (o, a) => doRegister(o, a.netuid, a.hotkey),
  }),
  serve_axon_tls: call<AxonArgs & { certificate: Uint8Array }>({
    index: 40, args: { ...axonArgs, certificate: t.bytes }, typeNames: { ...axonTypeNames, certificate: 'Vec<u8>' },
    weight: W_SERVE, pays: 'No', docs: [' serve_axon with a TLS certificate (first byte: algorithm).'],
    fn: (o, a) => doServeAxon(o, a, a.certificate),
  }),
  register_network: call<{ hotkey: Acc }>({
    index: 59, args: { hotkey: AccountId32 }, typeNames: { hotkey: ACC }, weight: 500_000_000n,
    docs: [' Creates a subnet owned by the caller, locking the network registration cost.'],
    fn: (o, a) => doRegisterNetwork(o, a.hotkey, null),
  }),
  dissolve_network: call<{ coldkey: Acc; netuid: number }>({
    index: 61, args: { coldkey: AccountId32, netuid: NetUid }, typeNames: { coldkey: ACC, netuid: 'NetUid' }, weight: 500_000_000n,
    docs: [' Root removes a subnet.'],
    fn: (o, a) => doDissolveNetwork(o, a.netuid),
  }),
  root_register: call<{ hotkey: Acc }>({
    index: 62, args: { hotkey: AccountId32 }, typeNames: { hotkey: ACC }, weight: W_REGISTER,
    docs: [' Registers a hotkey on the root network (by root stake).'],
    fn: (o, a) => doRootRegister(o, a.hotkey),
  }),
  set_subnet_identity: call<SubnetIdentityValue & { netuid: number }>({
    index: 78,
    args: { netuid: NetUid, subnet_name: t.bytes, github_repo: t.bytes, subnet_contact: t.bytes, subnet_url: t.bytes, discord: t.bytes, description: t.bytes, logo_url: t.bytes, additional: t.bytes },
    typeNames: { netuid: 'NetUid', subnet_name: 'Vec<u8>', github_repo: 'Vec<u8>', subnet_contact: 'Vec<u8>', subnet_url: 'Vec<u8>', discord: 'Vec<u8>', description: 'Vec<u8>', logo_url: 'Vec<u8>', additional: 'Vec<u8>' },
    weight: 20_000_000n, docs: [' The subnet owner sets the subnet identity.'],
    fn: (o, { netuid, ...id }) => doSetSubnetIdentity(o, netuid, id),
  }),
  register_network_with_identity: call<{ hotkey: Acc; identity: SubnetIdentityValue | null }>({
    index: 79, args: { hotkey: AccountId32, identity: t.option(SubnetIdentityV3) }, typeNames: { hotkey: ACC, identity: 'Option<SubnetIdentityOfV3>' },
    weight: 500_000_000n, docs: [' register_network with an initial subnet identity.'],
    fn: (o, a) => doRegisterNetwork(o, a.hotkey, a.identity),
  }),
  batch_set_weights: call<{ netuids: number[]; weights: [number, number][][]; version_keys: bigint[] }>({
    index: 80, args: { netuids: compactNetuids, weights: t.vec(t.vec(t.tuple<[number, number]>(t.compact(t.u16), t.compact(t.u16)))), version_keys: t.vec(t.compact(t.u64)) },
    typeNames: { netuids: 'Vec<Compact<NetUid>>', weights: 'Vec<Vec<(Compact<u16>, Compact<u16>)>>', version_keys: 'Vec<Compact<u64>>' },
    weight: W_WEIGHTS * 4n, pays: 'No', docs: [' Sets weights on several subnets; failed items are reported by events.'],
    fn: (o, a) => doBatchSetWeights(o, a.netuids, a.weights, a.version_keys),
  }),
  start_call: call<{ netuid: number }>({
    index: 92, args: { netuid: NetUid }, typeNames: { netuid: 'NetUid' }, weight: 20_000_000n,
    docs: [' The subnet owner starts emission (next block) and enables staking.'],
    fn: (o, a) => doStartCall(o, a.netuid),
  }),
  commit_weights: call<{ netuid: number; commit_hash: Uint8Array }>({
    index: 96, args: { netuid: NetUid, commit_hash: H256 }, typeNames: { netuid: 'NetUid', commit_hash: 'H256' },
    weight: W_WEIGHTS, pays: 'No', docs: [' Commits the hash of weights to reveal RevealPeriodEpochs epochs later.'],
    fn: (o, a) => doCommitWeights(o, a.netuid, 0, a.commit_hash),
  }),
  reveal_weights: call<{ netuid: number; uids: number[]; values: number[]; salt: number[]; version_key: bigint }>({
    index: 97, args: { netuid: NetUid, uids: u16s, values: u16s, salt: u16s, version_key: t.u64 },
    typeNames: { netuid: 'NetUid', uids: 'Vec<u16>', values: 'Vec<u16>', salt: 'Vec<u16>', version_key: 'u64' },
    weight: W_WEIGHTS, pays: 'No', docs: [' Reveals committed weights.'],
    fn: (o, a) => doRevealWeights(o, a.netuid, 0, a.uids, a.values, a.salt, a.version_key),
  }),
  batch_reveal_weights: call<{ netuid: number; uids_list: number[][]; values_list: number[][]; salts_list: number[][]; version_keys: bigint[] }>({
    index: 98, args: { netuid: NetUid, uids_list: t.vec(u16s), values_list: t.vec(u16s), salts_list: t.vec(u16s), version_keys: t.vec(t.u64) },
    typeNames: { netuid: 'NetUid', uids_list: 'Vec<Vec<u16>>', values_list: 'Vec<Vec<u16>>', salts_list: 'Vec<Vec<u16>>', version_keys: 'Vec<u64>' },
    weight: W_WEIGHTS * 4n, pays: 'No', docs: [' Reveals several commits at once.'],
    fn: (o, a) => doBatchRevealWeights(o, a.netuid, a.uids_list, a.values_list, a.salts_list, a.version_keys),
  }),
  batch_commit_weights: call<{ netuids: number[]; commit_hashes: Uint8Array[] }>({
    index: 100, args: { netuids: compactNetuids, commit_hashes: t.vec(H256) }, typeNames: { netuids: 'Vec<Compact<NetUid>>', commit_hashes: 'Vec<H256>' },
    weight: W_WEIGHTS * 4n, pays: 'No', docs: [' Commits weight hashes on several subnets.'],
    fn: (o, a) => doBatchCommitWeights(o, a.netuids, a.commit_hashes),
  }),
  commit_mechanism_weights: call<{ netuid: number; mecid: number; commit_hash: Uint8Array }>({
    index: 115, args: { netuid: NetUid, mecid: MechId, commit_hash: H256 }, typeNames: { netuid: 'NetUid', mecid: 'MechId', commit_hash: 'H256' },
    weight: W_WEIGHTS, pays: 'No', docs: [' commit_weights for a mechanism (only mechanism 0 exists here).'],
    fn: (o, a) => doCommitWeights(o, a.netuid, a.mecid, a.commit_hash),
  }),
  reveal_mechanism_weights: call<{ netuid: number; mecid: number; uids: number[]; values: number[]; salt: number[]; version_key: bigint }>({
    index: 116, args: { netuid: NetUid, mecid: MechId, uids: u16s, values: u16s, salt: u16s, version_key: t.u64 },
    typeNames: { netuid: 'NetUid', mecid: 'MechId', uids: 'Vec<u16>', values: 'Vec<u16>', salt: 'Vec<u16>', version_key: 'u64' },
    weight: W_WEIGHTS, pays: 'No', docs: [' reveal_weights for a mechanism.'],
    fn: (o, a) => doRevealWeights(o, a.netuid, a.mecid, a.uids, a.values, a.salt, a.version_key),
  }),
  set_mechanism_weights: call<{ netuid: number; mecid: number; dests: number[]; weights: number[]; version_key: bigint }>({
    index: 119, args: { netuid: NetUid, mecid: MechId, dests: u16s, weights: u16s, version_key: t.u64 },
    typeNames: { netuid: 'NetUid', mecid: 'MechId', dests: 'Vec<u16>', weights: 'Vec<u16>', version_key: 'u64' },
    weight: W_WEIGHTS, pays: 'No', docs: [' set_weights for a mechanism (only mechanism 0 exists here).'],
    fn: (o, a) => doSetWeights(o, a.netuid, a.mecid, a.dests, a.weights, a.version_key),
  }),
  root_dissolve_network: call<{ netuid: number }>({
    index: 120, args: { netuid: NetUid }, typeNames: { netuid: 'NetUid' }, weight: 500_000_000n,
    docs: [' Root removes a subnet.'],
    fn: (o, a) => { ensureRoot(o); doDissolveNetwork(o, a.netuid); },
  }),
  register_limit: call<{ netuid: number; hotkey: Acc; limit_price: bigint }>({
    index: 134, args: { netuid: NetUid, hotkey: AccountId32, limit_price: t.u64 }, typeNames: { netuid: 'NetUid', hotkey: ACC, limit_price: 'u64' },
    weight: W_REGISTER, docs: [' burned_register that fails if the burn exceeds limit_price.'],
    fn: (o, a) => doRegisterLimit(o, a.netuid, a.hotkey, a.limit_price),
  }),
  set_tempo: call<{ netuid: number; tempo: number }>({
    index: 139, args: { netuid: NetUid, tempo: t.u16 }, typeNames: { netuid: 'NetUid', tempo: 'u16' }, weight: 20_000_000n,
    docs: [' The subnet owner sets the tempo (within [360, 50400]); restarts the epoch cycle.'],
    fn: (o, a) => doSetTempo(o, a.netuid, a.tempo),
  }),
  trigger_epoch: call<{ netuid: number }>({
    index: 141, args: { netuid: NetUid }, typeNames: { netuid: 'NetUid' }, weight: 20_000_000n,
    docs: [' The subnet owner schedules an epoch AdminFreezeWindow blocks from now.'],
    fn: (o, a) => doTriggerEpoch(o, a.netuid),
  }),
  faucet: call<{ block_number: bigint; nonce: bigint; work: Uint8Array }>({
    index: 60, args: { block_number: t.u64, nonce: t.u64, work: t.bytes }, typeNames: { block_number: 'u64', nonce: 'u64', work: 'Vec<u8>' },
    weight: W_REGISTER, pays: 'No', docs: [' Proof-of-work faucet of localnet (pow-faucet) builds: mints 1000 TAO.'],
    fn: (o, a) => doFaucet(o, a.block_number, a.nonce, a.work),
  }),
  update_symbol: call<{ netuid: number; symbol: Uint8Array }>({
    index: 112, args: { netuid: NetUid, symbol: t.bytes }, typeNames: { netuid: 'NetUid', symbol: 'Vec<u8>' }, weight: 20_000_000n,
    docs: [' The subnet owner (or root) changes the token symbol to an unused one of the symbol table.'],
    fn: (o, a) => doUpdateSymbol(o, a.netuid, a.symbol),
  }),
  commit_timelocked_weights: call<{ netuid: number; commit: Uint8Array; reveal_round: bigint; commit_reveal_version: number }>({
    index: 113, args: { netuid: NetUid, commit: t.bytes, reveal_round: t.u64, commit_reveal_version: t.u16 },
    typeNames: { netuid: 'NetUid', commit: 'BoundedVec<u8, ConstU32<MAX_CRV3_COMMIT_SIZE_BYTES>>', reveal_round: 'u64', commit_reveal_version: 'u16' },
    weight: W_WEIGHTS, pays: 'No', docs: [' Drand-timelocked weights commit: revealed by the chain once its reveal round\'s pulse is stored.'],
    fn: (o, a) => doCommitTimelockedWeights(o, a.netuid, 0, a.commit, a.reveal_round, a.commit_reveal_version),
  }),
  commit_crv3_mechanism_weights: call<{ netuid: number; mecid: number; commit: Uint8Array; reveal_round: bigint }>({
    index: 117, args: { netuid: NetUid, mecid: MechId, commit: t.bytes, reveal_round: t.u64 },
    typeNames: { netuid: 'NetUid', mecid: 'MechId', commit: 'BoundedVec<u8, ConstU32<MAX_CRV3_COMMIT_SIZE_BYTES>>', reveal_round: 'u64' },
    weight: W_WEIGHTS, pays: 'No', docs: [' Legacy CRv3 mechanism commit (commit-reveal version 4).'],
    fn: (o, a) => doCommitTimelockedWeights(o, a.netuid, a.mecid, a.commit, a.reveal_round, 4),
  }),
  commit_timelocked_mechanism_weights: call<{ netuid: number; mecid: number; commit: Uint8Array; reveal_round: bigint; commit_reveal_version: number }>({
    index: 118, args: { netuid: NetUid, mecid: MechId, commit: t.bytes, reveal_round: t.u64, commit_reveal_version: t.u16 },
    typeNames: { netuid: 'NetUid', mecid: 'MechId', commit: 'BoundedVec<u8, ConstU32<MAX_CRV3_COMMIT_SIZE_BYTES>>', reveal_round: 'u64', commit_reveal_version: 'u16' },
    weight: W_WEIGHTS, pays: 'No', docs: [' Drand-timelocked mechanism weights commit (what the SDK sends while commit-reveal is on).'],
    fn: (o, a) => doCommitTimelockedWeights(o, a.netuid, a.mecid, a.commit, a.reveal_round, a.commit_reveal_version),
  }),
  set_activity_cutoff_factor: call<{ netuid: number; factor_milli: number }>({
    index: 140, args: { netuid: NetUid, factor_milli: t.u32 }, typeNames: { netuid: 'NetUid', factor_milli: 'u32' }, weight: 20_000_000n,
    docs: [' Owner or root sets ActivityCutoffFactorMilli (activity cutoff = factor × tempo / 1000 blocks).'],
    fn: (o, a) => doSetActivityCutoffFactor(o, a.netuid, a.factor_milli),
  }),
  set_identity: call<ChainIdentityValue>({
    index: 68, args: { name: t.bytes, url: t.bytes, github_repo: t.bytes, image: t.bytes, discord: t.bytes, description: t.bytes, additional: t.bytes },
    typeNames: { name: 'Vec<u8>', url: 'Vec<u8>', github_repo: 'Vec<u8>', image: 'Vec<u8>', discord: 'Vec<u8>', description: 'Vec<u8>', additional: 'Vec<u8>' },
    weight: 20_000_000n, docs: [' Sets the chain identity of the caller (a coldkey with a registered hotkey).'],
    fn: (o, a) => doSetIdentity(o, a),
  }),
};
