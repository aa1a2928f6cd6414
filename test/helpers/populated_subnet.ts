// A subnet worth explaining, built through real transactions on a running node in manual block mode: the owner
// hotkey (uid 0) and two more validators with different stakes and different weights on three miners.
import '@polkadot/api-augment';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';

export const TAO = 1_000_000_000n;

export interface PopulatedSubnet {
  netuid: number;
  owner: KeyringPair;
  validators: KeyringPair[];
  miners: KeyringPair[];
}

type Call = (method: string, params?: unknown[]) => Promise<any>;

/** Submits every transaction (signed with explicit nonces), builds one block and fails on any failed extrinsic. */
export async function inBlock(api: ApiPromise, rpc: Call, txs: [SubmittableExtrinsic<'promise'>, KeyringPair][]): Promise<void> {
  const nonces = new Map<string, number>();
  for (const [tx, signer] of txs) {
    const nonce = nonces.get(signer.address) ?? (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
    nonces.set(signer.address, nonce + 1);
    await tx.signAndSend(signer, { nonce });
  }
  const hash = await rpc('dev_newBlock', [{}]);
  const events = await (await api.at(hash)).query.system.events();
  const failed = events.filter(e => e.event.section === 'system' && e.event.method === 'ExtrinsicFailed');
  const sudoFailed = events.filter(e => e.event.section === 'sudo' && e.event.method === 'Sudid' && (e.event.data[0] as any).isErr);
  if (failed.length || sudoFailed.length) throw new Error(`failed extrinsics: ${[...failed, ...sudoFailed].map(e => e.event.data.toString()).join('; ')}`);
}

export async function populateSubnet(api: ApiPromise, rpc: Call, tag = 'x'): Promise<PopulatedSubnet> {
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const owner = keyring.addFromUri(`//Alice//owner-${tag}`);
  const validators = [owner, keyring.addFromUri(`//Alice//v1-${tag}`), keyring.addFromUri(`//Alice//v2-${tag}`)];
  const miners = [1, 2, 3].map(i => keyring.addFromUri(`//Alice//m${i}-${tag}`));
  const tx = api.tx;
  await inBlock(api, rpc, [[tx.sudo.sudo(tx.utility.batchAll([tx.adminUtils.sudoSetAdminFreezeWindow(0), tx.adminUtils.sudoSetNetworkRateLimit(0)])), alice]]);
  await inBlock(api, rpc, [[tx.subtensorModule.registerNetwork(owner.address), alice]]);
  const netuid = Math.max(...(await api.query.subtensorModule.networksAdded.keys()).map(k => Number(k.args[0].toString())));
  await inBlock(api, rpc, [[tx.sudo.sudo(tx.utility.batchAll([
    tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, false),
    tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0),
    tx.adminUtils.sudoSetMaxRegistrationsPerBlock(netuid, 32),
    tx.adminUtils.sudoSetTargetRegistrationsPerInterval(netuid, 32),
    tx.adminUtils.sudoSetTempo(netuid, 360),
  ])), alice]]);
  await inBlock(api, rpc, [[tx.utility.batchAll([
    tx.subtensorModule.startCall(netuid),
    ...[...validators.slice(1), ...miners].map(k => tx.subtensorModule.burnedRegister(netuid, k.address)),
    ...validators.map((v, i) => tx.subtensorModule.addStake(v.address, netuid, BigInt(100 * (i + 1)) * TAO)),
    ...validators.map(v => tx.balances.transferKeepAlive(v.address, TAO)),
  ]), alice]]);
  // Validator permits come from an epoch.
  await rpc('dev_runEpoch', [netuid]);
  // uids: owner 0, validators 1–2, miners 3–5. Different opinions so consensus clips someone.
  const rows: [number[], number[]][] = [[[3, 4, 5], [65535, 30000, 0]], [[3, 4, 5], [40000, 65535, 10000]], [[3, 4, 5], [65535, 20000, 50000]]];
  await inBlock(api, rpc, validators.map((v, i) => [tx.subtensorModule.setWeights(netuid, rows[i][0], rows[i][1], 0), v]));
  return { netuid, owner, validators, miners };
}
