// A subnet from scratch on a local chain: create it, register a miner, stake the validator, set weights, wait for
// the epoch and read the metagraph through the runtime APIs — the same calls the Bittensor SDK makes.
//
//   npm start                                  # 250 ms blocks; or scripts/localnet.sh / a subtensor localnet
//   npx tsx examples/02-subnet-lifecycle.ts    # SUBTENSOR_WS=ws://127.0.0.1:9944 by default
//
// //Alice is the localnet sudo key and pays for the subnet; //Bob owns the miner. Hotkeys are fresh per run, so
// the script can be re-run against the same chain.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const url = process.env.SUBTENSOR_WS ?? 'ws://127.0.0.1:9944';
const TAO = 1_000_000_000n;
const TEMPO = 10;

const SUBTENSOR_EXTENSIONS = Object.fromEntries(
  ['SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension', 'DrandPriority']
    .map(name => [name, { extrinsic: {}, payload: {} }]),
);

await cryptoWaitReady();
const api = await ApiPromise.create({ provider: new WsProvider(url), signedExtensions: SUBTENSOR_EXTENSIONS });
const q = api.query.subtensorModule as any;
const rt = api.call as any;
const keyring = new Keyring({ type: 'sr25519' });
const run = Date.now().toString(36);
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');
const validatorHotkey = keyring.addFromUri(`//Alice//validator-${run}`);
const minerHotkey = keyring.addFromUri(`//Bob//miner-${run}`);

/** Signs, submits and waits for inclusion (or finality); throws with the module error name if the call failed. */
function send(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<any[]> {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, dispatchError, events }) => {
      if (dispatchError) {
        const why = dispatchError.isModule ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule)) : dispatchError.toString();
        reject(new Error(`${tx.method.section}.${tx.method.method}: ${why}`));
      } else if (status.isInBlock || status.isFinalized) {
        // (@polkadot/api can skip InBlock when finality follows within moments, as on a dev chain: accept either.)
        resolve(events.map(e => e.event));
      }
    }).catch(reject);
  });
}

/** Root calls go through Sudo.sudo, signed by the sudo key (//Alice on localnet). */
async function sudo(call: SubmittableExtrinsic<'promise'>): Promise<void> {
  const events = await send(api.tx.sudo.sudo(call), alice);
  const result = events.find(e => e.section === 'sudo' && e.method === 'Sudid')!.data[0] as any;
  if (result.isErr) throw new Error(`sudo ${call.method.method}: ${result.asErr.toString()}`);
}

/** Resolves once the chain reaches block `target`. */
async function waitForBlock(target: number): Promise<void> {
  await new Promise<void>(resolve => {
    const unsub = api.rpc.chain.subscribeNewHeads(h => { if (h.number.toNumber() >= target) { unsub.then(u => u()); resolve(); } });
  });
}
const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();

// 1. Create the subnet. Localnet setups open the admin freeze window first (tempo 10 with a 10-block window leaves
//    no time for hyperparameter changes), then switch commit-reveal off so plain set_weights is accepted.
await sudo(api.tx.adminUtils.sudoSetAdminFreezeWindow(0));
const added = (await send(api.tx.subtensorModule.registerNetwork(validatorHotkey.address), alice))
  .find(e => e.section === 'subtensorModule' && e.method === 'NetworkAdded')!;
const netuid = Number(added.data[0].toString());
console.log(`subnet ${netuid} created; owner hotkey ${validatorHotkey.address} is uid 0`);
await sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, false));
await sudo(api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0));
await sudo(api.tx.adminUtils.sudoSetTempo(netuid, TEMPO));
const startDelay = Number((await q.startCallDelay()).toString());
await waitForBlock(Number((await q.networkRegisteredAt(netuid)).toString()) + startDelay);
await send(api.tx.subtensorModule.startCall(netuid), alice);

// 2. Register the miner (burned registration, paid by Bob's coldkey) and stake the validator.
await send(api.tx.subtensorModule.burnedRegister(netuid, minerHotkey.address), bob);
const minerUid = Number((await q.uids(netuid, minerHotkey.address)).unwrap().toString());
await send(api.tx.subtensorModule.addStake(validatorHotkey.address, netuid, 100n * TAO), alice);
await send(api.tx.balances.transferKeepAlive(validatorHotkey.address, TAO), alice); // the hotkey signs weights
console.log(`miner ${minerHotkey.address} is uid ${minerUid}; validator staked 100 TAO`);

// 3. The validator scores the miner.
await send(api.tx.subtensorModule.setWeights(netuid, [minerUid], [65535], 0), validatorHotkey);

// 4. Wait until the next epoch has run (the runtime API gives its block), then read the metagraph.
const nextEpoch = Number((await rt.subnetInfoRuntimeApi.getNextEpochStartBlock(netuid)).unwrap().toString());
console.log(`block ${await head()}: waiting for the epoch at block ${nextEpoch}`);
await waitForBlock(nextEpoch + 1);

const neurons = await rt.neuronInfoRuntimeApi.getNeuronsLite(netuid);
const u16 = (x: any) => (x.toNumber() / 65535).toFixed(3);
console.log('uid  hotkey                                            stake(α)      incentive  dividends  vtrust  permit');
for (const n of neurons) {
  const stake = n.stake.reduce((s: bigint, [, amount]: any) => s + BigInt(amount.toString()), 0n);
  console.log(`${String(n.uid).padEnd(4)} ${n.hotkey.toString().padEnd(49)} ${(Number(stake) / 1e9).toFixed(4).padStart(12)}  ` +
    `${u16(n.incentive).padStart(9)}  ${u16(n.dividends).padStart(9)}  ${u16(n.validatorTrust).padStart(6)}  ${n.validatorPermit.isTrue}`);
}
const miner = neurons.find((n: any) => n.uid.toNumber() === minerUid);
await api.disconnect();
if (!miner || miner.incentive.toNumber() === 0) {
  console.error('the miner earned no incentive in the epoch');
  process.exit(1);
}
