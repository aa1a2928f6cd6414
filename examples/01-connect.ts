// Connect to a subtensor node with @polkadot/api and read what a subnet author usually looks at first.
//
//   npm start                       # (tsx node/cli.ts dev) or scripts/localnet.sh, or a subtensor localnet
//   npx tsx examples/01-connect.ts  # SUBTENSOR_WS=ws://127.0.0.1:9944 by default
//
// Works unchanged against subtensor itself: nothing here is specific to subtensor-ts.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const url = process.env.SUBTENSOR_WS ?? 'ws://127.0.0.1:9944';
const TAO = 1e9;

// subtensor's transaction extensions that carry no data: declaring them keeps @polkadot/api from warning about them.
export const SUBTENSOR_EXTENSIONS = Object.fromEntries(
  ['SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension', 'DrandPriority']
    .map(name => [name, { extrinsic: {}, payload: {} }]),
);

await cryptoWaitReady();
const api = await ApiPromise.create({ provider: new WsProvider(url), signedExtensions: SUBTENSOR_EXTENSIONS });
const call = api.call as any;

const [chain, head] = await Promise.all([api.rpc.system.chain(), api.rpc.chain.getHeader()]);
const slotMs = Number((api.consts as any).aura.slotDuration.toString());
console.log(`${chain} — ${api.runtimeVersion.specName} spec ${api.runtimeVersion.specVersion}, block #${head.number}, ` +
  `${slotMs} ms blocks${slotMs === 250 ? ' (fast blocks)' : ''}`);

const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
const { data } = await api.query.system.account(alice.address);
console.log(`//Alice ${alice.address}: ${Number(data.free.toBigInt()) / TAO} TAO free`);

const cost = BigInt((await call.subnetRegistrationRuntimeApi.getNetworkRegistrationCost()).toString());
console.log(`Registering a subnet costs ${Number(cost) / TAO} TAO`);

// btcli `subnets list`: one DynamicInfo per subnet; the price is the pool's TAO per alpha.
for (const opt of await call.subnetInfoRuntimeApi.getAllDynamicInfo()) {
  const s = opt.unwrap();
  const taoIn = Number(s.taoIn.toString()), alphaIn = Number(s.alphaIn.toString());
  const price = s.netuid.toNumber() === 0 || alphaIn === 0 ? 1 : taoIn / alphaIn;
  console.log(`  netuid ${s.netuid}: tempo ${s.tempo}, pool ${taoIn / TAO} TAO / ${alphaIn / TAO} α, price ${price.toFixed(6)} TAO/α`);
}

await api.disconnect();
