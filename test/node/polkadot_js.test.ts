// @polkadot/api 16.5.6 against the real node over loopback, the way users drive subtensor: connect, read storage,
// constants and metadata, send a transfer through ready → inBlock → finalized, check the fee and events, decode the
// Aura digests, and push 200 concurrent transfers from 4 accounts.
import '@polkadot/api-augment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsU8a, signatureVerify } from '@polkadot/util-crypto';
import { startNode, type NodeHandle } from '../../node/index.ts';
import { SUBTENSOR_USER_EXTENSIONS } from './helpers.ts';

// Localnet genesis (subtensor.md §1.3): Alice/Bob/Charlie 1e15 rao, Dave/Eve 2e12; ED 500; fast blocks 250 ms.
const RICH = 1_000_000_000_000_000n;
const BLOCK_TIME = 250;

let node: NodeHandle;
let api: ApiPromise;
const warnings: string[] = [];
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');
const charlie = keyring.addFromUri('//Charlie');
const dave = keyring.addFromUri('//Dave');
const eve = keyring.addFromUri('//Eve');
const one = keyring.addFromUri('//One');

beforeAll(async () => {
  node = await startNode({ port: 0, tmp: true, mode: 'instant', logLevel: 'error', blockTimeMs: BLOCK_TIME });
  const origWarn = console.warn;
  const origLog = console.log;
  console.warn = (...a: unknown[]) => { warnings.push(a.map(String).join(' ')); };
  console.log = (...a: unknown[]) => { const s = a.map(String).join(' '); if (/WARN|warn/.test(s)) warnings.push(s); else origLog(...a); };
  try {
    api = await ApiPromise.create({ provider: new WsProvider(node.url), signedExtensions: SUBTENSOR_USER_EXTENSIONS, throwOnConnect: true });
  } finally {
    console.warn = origWarn;
    console.log = origLog;
  }
});

afterAll(async () => {
  await api?.disconnect();
  await node?.stop();
});

const free = async (addr: string) => (await api.query.system.account(addr)).data.free.toBigInt();

describe('@polkadot/api against the node', () => {
  it('connects without warnings about missing methods or unknown extensions', () => {
    // polkadot-js 16 does not know the new JSON-RPC spec (chainHead_v1_* ...), which Substrate nodes advertise too,
    // nor subtensor's custom namespaces, which a real subtensor node lists in rpc_methods as well (a client that
    // defines them gets them decorated: test/node/rpc_access.test.ts), nor the dev_* methods this node lists.
    const specOnly = (w: string) => /RPC methods not decorated: /.test(w)
      && w.split('not decorated: ')[1].split(', ').every(m => /^((chainHead|chainSpec|transaction|transactionWatch|archive)_v1_|(neuronInfo|subnetInfo|delegateInfo)_|dev_)/.test(m));
    expect(warnings.filter(w => !specOnly(w))).toEqual([]);
    expect(api.runtimeVersion.specName.toString()).toBe('node-subtensor');
    expect(api.runtimeVersion.specVersion.toNumber()).toBe(425);
    expect(api.genesisHash.toHex()).toBe(node.chain.genesisHash);
    // Runtime APIs are decorated from metadata V15 (paymentInfo and api.call depend on it).
    expect(typeof api.call.transactionPaymentApi?.queryInfo).toBe('function');
    expect(typeof api.call.accountNonceApi?.accountNonce).toBe('function');
  });

  it('reads storage, constants and metadata', async () => {
    expect(await free(alice.address)).toBe(RICH);
    expect(await free(eve.address)).toBe(2_000_000_000_000n);
    expect(api.consts.balances.existentialDeposit.toString()).toBe('500');
    expect((api.consts as any).aura.slotDuration.toNumber()).toBe(BLOCK_TIME);
    const md = await api.rpc.state.getMetadata();
    expect(md.version).toBeGreaterThanOrEqual(14);
    const pallets = md.asLatest.pallets.map(p => [p.name.toString(), p.index.toNumber()]);
    expect(pallets).toContainEqual(['SubtensorModule', 7]);
    expect(pallets).toContainEqual(['Balances', 5]);
    expect((await api.rpc.system.chain()).toString()).toBe('Bittensor');
    const props = await api.rpc.system.properties();
    expect(props.ss58Format.unwrap().toNumber()).toBe(42);
    expect(props.tokenSymbol.unwrap()[0].toString()).toBe('TAO');
  });

  it('transferKeepAlive goes ready → inBlock → finalized, moves exactly the amount and charges the estimated fee', async () => {
    const amount = 123_456_789n;
    const tx = api.tx.balances.transferKeepAlive(bob.address, amount);
    const fee = (await tx.paymentInfo(alice)).partialFee.toBigInt();
    expect(fee).toBeGreaterThan(0n);
    const [aliceBefore, bobBefore] = [await free(alice.address), await free(bob.address)];
    const statuses: string[] = [];
    // Drive the chain from the test so the order does not depend on timing: manual blocks, finality one block
    // behind; a block after `Ready` includes the transfer, the next one finalizes it.
    const rpc = (method: string, params: unknown[]) => (api as any)._rpcCore.provider.send(method, params);
    await rpc('dev_setBlockBuildMode', ['Manual']);
    await rpc('dev_setFinality', [1]);
    const result = await new Promise<any>((resolve, reject) => {
      tx.signAndSend(alice, r => {
        statuses.push(r.status.type);
        if (r.status.isReady) rpc('dev_newBlock', [{}]).catch(reject);
        if (r.status.isInBlock) rpc('dev_newBlock', [{}]).catch(reject);
        if (r.status.isFinalized) resolve(r);
        if (r.status.isInvalid || r.status.isDropped) reject(new Error(r.status.type));
      }).catch(reject);
    });
    await rpc('dev_setFinality', ['instant']);
    await rpc('dev_setBlockBuildMode', ['Instant']);
    expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(['Ready', 'InBlock', 'Finalized']);
    expect(await free(bob.address) - bobBefore).toBe(amount);
    expect(aliceBefore - await free(alice.address)).toBe(amount + fee);

    const names = result.events.map((e: any) => `${e.event.section}.${e.event.method}`);
    expect(names).toContain('balances.Transfer');
    expect(names).toContain('system.ExtrinsicSuccess');
    const transfer = result.events.find((e: any) => e.event.method === 'Transfer').event;
    expect(transfer.data[0].toString()).toBe(alice.address);
    expect(transfer.data[1].toString()).toBe(bob.address);
    expect(transfer.data[2].toBigInt()).toBe(amount);
    const paid = result.events.find((e: any) => e.event.method === 'TransactionFeePaid').event;
    expect(paid.data[1].toBigInt()).toBe(fee);
  });

  it('headers carry an Aura pre-digest and a //One seal that @polkadot/api decodes', async () => {
    const hash = node.chain.head.hash;
    const header = await api.derive.chain.getHeader(hash);
    expect(header.number.toNumber()).toBe(node.chain.head.number);
    const logs = header.digest.logs;
    const pre = logs.find(l => l.isPreRuntime)!.asPreRuntime;
    expect(pre[0].isAura).toBe(true);
    const slot = api.registry.createType('u64', pre[1].toU8a(true)).toBigInt();
    const now = (await (await api.at(hash)).query.timestamp.now()).toBigInt();
    expect(slot).toBe(now / BigInt(BLOCK_TIME));
    // The author is the Aura authority of the slot (subtensor has no Session pallet, so @polkadot/api's derive
    // leaves `author` empty on the real chain too; the lookup it would do is this one).
    const authorities = (await (await api.at(hash)).query.aura.authorities()) as any;
    const author = authorities[Number(slot % BigInt(authorities.length))];
    expect(keyring.encodeAddress(author.toU8a())).toBe(one.address);
    // The seal signs the header without the seal.
    const seal = logs[logs.length - 1].asSeal;
    expect(seal[0].isAura).toBe(true);
    const unsealed = api.registry.createType('Header', { ...header.toJSON(), digest: { logs: logs.slice(0, -1).map(l => l.toHex()) } });
    expect(signatureVerify(blake2AsU8a(unsealed.toU8a()), seal[1].toU8a(true), one.address).isValid).toBe(true);
    expect(unsealed.hash.toHex()).not.toBe(hash);
    expect(header.hash.toHex()).toBe(hash);
  });

  it('200 transfers from 4 accounts submitted concurrently all land, nonces in order', async () => {
    const senders = [alice, charlie, dave, eve];
    const perSender = 50;
    const startBlock = node.chain.head.number;
    const nonces = await Promise.all(senders.map(async s => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
    const bobBefore = await free(bob.address);
    let expectedTotal = 0n;
    const submissions: Promise<string>[] = [];
    for (let i = 0; i < perSender; i++) {
      senders.forEach((s, k) => {
        const amount = 1_000_000n + BigInt(i * 4 + k);
        expectedTotal += amount;
        submissions.push(new Promise<string>((resolve, reject) => {
          api.tx.balances.transferKeepAlive(bob.address, amount).signAndSend(s, { nonce: nonces[k] + i }, r => {
            if (r.status.isInBlock || r.status.isFinalized) resolve(r.status.isInBlock ? r.status.asInBlock.toHex() : r.status.asFinalized.toHex());
            if (r.status.isInvalid || r.status.isDropped || r.status.isUsurped) reject(new Error(`${s.address} #${i}: ${r.status.type}`));
          }).catch(reject);
        }));
      });
    }
    await Promise.all(submissions);
    expect(await free(bob.address) - bobBefore).toBe(expectedTotal);
    for (let k = 0; k < senders.length; k++) {
      expect((await api.query.system.account(senders[k].address)).nonce.toNumber()).toBe(nonces[k] + perSender);
    }
    // Walk the blocks: each sender's nonces appear exactly once each, in increasing order.
    const seen = new Map<string, number[]>();
    for (let n = startBlock + 1; n <= node.chain.head.number; n++) {
      const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
      for (const xt of block.block.extrinsics) {
        if (!xt.isSigned) continue;
        const who = xt.signer.toString();
        if (!seen.has(who)) seen.set(who, []);
        seen.get(who)!.push(xt.nonce.toNumber());
      }
    }
    senders.forEach((s, k) => {
      expect(seen.get(s.address)).toEqual(Array.from({ length: perSender }, (_, i) => nonces[k] + i));
    });
    expect(node.pool.status).toEqual({ ready: 0, future: 0 });
  });
});
