// --fork (issue 14): a local chain over a live node's state, read lazily from the upstream, our runtime executing
// the new blocks. The upstream is a second subtensor-ts node (in this process) with a subnet that has history; the
// fork runs in its own process (its storage reads wait synchronously for the upstream). Running the subnet's next
// epoch on both must write the same results, since both start from the same state and build the same next block.
// Also: the layout check that refuses an upstream whose storage items differ from spec 425 (spec 343's metadata).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startEnv, createSubnet, type Env, TAO } from '../clients/env.ts';
import { buildCliBundle, rpc, spawnDev } from '../helpers/crash_loop.ts';
import { layoutDifferences, storageShapes } from '../../node/fork/layout.ts';
import { Reader } from '../../runtime/codec/scale.ts';
import { REAL_METADATA_V15_PATH } from '../fixtures/paths.ts';
import { POLKADOT_JS_SIGNED_EXTENSIONS } from '../../node/index.ts';

describe('--fork <upstream>', () => {
  let env: Env;
  let entry: string;
  let netuid: number;
  let fork: Awaited<ReturnType<typeof spawnDev>> | undefined;
  let dbDir: string;

  beforeAll(async () => {
    entry = buildCliBundle('fork-test');
    dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'subtensor-ts-fork-'));
    env = await startEnv();
    const { api } = env;
    const [alice, bob] = [env.key('//Alice'), env.key('//Bob')];
    const [aliceHot, bobHot] = [env.key('//Alice_hk'), env.key('//Bob_hk')];
    netuid = await createSubnet(env, alice, aliceHot);
    expect((await env.send(api.tx.subtensorModule.burnedRegister(netuid, bobHot.address), bob)).ok).toBe(true);
    expect((await env.send(api.tx.balances.transferKeepAlive(aliceHot.address, 10n * TAO), alice)).ok).toBe(true);
    expect((await env.send(api.tx.subtensorModule.addStake(aliceHot.address, netuid, 50n * TAO), alice)).ok).toBe(true);
    const sw = await env.send(api.tx.subtensorModule.setMechanismWeights(netuid, 0, [0, 1], [16384, 65535], 0), aliceHot);
    expect(sw.ok, sw.error).toBe(true);
    await env.provider.send('dev_runEpoch', [[netuid]]);
    await env.newBlocks(3);
  }, 180_000);

  afterAll(async () => {
    fork?.proc.kill('SIGKILL');
    await env?.stop();
    fs.rmSync(dbDir, { recursive: true, force: true });
  });

  it('starts at the upstream head with the network\'s genesis and history, then runs the next epoch as the upstream does', async () => {
    const { api } = env;
    const upstreamHead = (await api.rpc.chain.getFinalizedHead()).toHex();
    const upstreamNumber = (await api.rpc.chain.getHeader(upstreamHead)).number.toNumber();
    fork = await spawnDev(entry, ['--db', dbDir, '--manual', '--drand', 'off', '--fork', env.node.url]);
    const f = fork.httpUrl;

    // Same genesis, same head, same earlier blocks and their state (served from the upstream).
    expect(await rpc(f, 'chain_getBlockHash', [0])).toBe((await api.rpc.chain.getBlockHash(0)).toHex());
    expect(await rpc(f, 'chain_getBlockHash')).toBe(upstreamHead);
    expect(parseInt((await rpc(f, 'chain_getHeader')).number, 16)).toBe(upstreamNumber);
    const h3 = (await api.rpc.chain.getBlockHash(3)).toHex();
    expect(await rpc(f, 'chain_getBlockHash', [3])).toBe(h3);
    const aliceKey = api.query.system.account.key(env.key('//Alice').address);
    expect(await rpc(f, 'state_getStorage', [aliceKey, h3])).toBe((await api.rpc.state.getStorage(aliceKey, h3) as any).toHex());
    expect(await rpc(f, 'state_getStorage', [aliceKey])).toBe((await api.rpc.state.getStorage(aliceKey) as any).toHex());

    // The subnet's next epoch, now, on both chains.
    const forkHead = await rpc(f, 'dev_runEpoch', [[netuid]]);
    await env.provider.send('dev_runEpoch', [[netuid]]);
    const upstreamAfter = (await api.rpc.chain.getBlockHash()).toHex();
    expect(parseInt((await rpc(f, 'chain_getHeader', [forkHead])).number, 16)).toBe((await api.rpc.chain.getHeader(upstreamAfter)).number.toNumber());

    const q = api.query.subtensorModule as any;
    const keys: [string, string][] = [
      ['Incentive', q.incentive.key(netuid)], ['Dividends', q.dividends.key(netuid)], ['Consensus', q.consensus.key(netuid)],
      ['ValidatorTrust', q.validatorTrust.key(netuid)], ['Emission', q.emission.key(netuid)], ['SubnetEpochIndex', q.subnetEpochIndex.key(netuid)],
      ['Bonds', q.bonds.key(netuid, 0)], ['Alpha', q.alpha.key(env.key('//Alice_hk').address, env.key('//Alice').address, netuid)],
      ['TotalIssuance', api.query.balances.totalIssuance.key()], ['SubnetTAO', q.subnetTAO.key(netuid)],
    ];
    let nonEmpty = 0;
    for (const [name, key] of keys) {
      const theirs = (await api.rpc.state.getStorage(key, upstreamAfter) as any).toHex();
      const ours = await rpc(f, 'state_getStorage', [key, forkHead]);
      expect(ours, name).toBe(theirs);
      if (theirs && theirs !== '0x' && !/^0x(00)+$/.test(theirs)) nonEmpty++;
    }
    // The compared items carry real epoch results, not empty defaults.
    expect(nonEmpty).toBeGreaterThanOrEqual(7);
    const incentive = (await q.incentive.at(upstreamAfter, netuid)).map((x: any) => x.toNumber());
    expect(incentive[1]).toBeGreaterThan(0);

    // A transaction on the fork, through @polkadot/api, changes only the fork.
    const fapi = await ApiPromise.create({ provider: new WsProvider(fork.url), signedExtensions: POLKADOT_JS_SIGNED_EXTENSIONS, noInitWarn: true });
    try {
      const charlie = env.key('//Charlie').address;
      const before = BigInt(((await fapi.query.system.account(charlie)) as any).data.free.toString());
      await fapi.tx.balances.transferKeepAlive(charlie, 3n * TAO).signAndSend(env.key('//Alice'));
      await rpc(f, 'dev_newBlock');
      expect(BigInt(((await fapi.query.system.account(charlie)) as any).data.free.toString())).toBe(before + 3n * TAO);
      expect(BigInt(((await api.query.system.account(charlie)) as any).data.free.toString())).toBe(before);
    } finally {
      await fapi.disconnect();
    }
  }, 180_000);

  it('resumes from its database after a restart: head, local writes, and the fork point', async () => {
    const f = fork!.httpUrl;
    const head = await rpc(f, 'chain_getBlockHash');
    const charlieKey = env.api.query.system.account.key(env.key('//Charlie').address);
    const charlie = await rpc(f, 'state_getStorage', [charlieKey]);
    const exit = new Promise(r => fork!.proc.once('exit', r));
    fork!.proc.kill('SIGTERM');
    await exit;
    fork = await spawnDev(entry, ['--db', dbDir, '--manual', '--drand', 'off', '--fork', env.node.url]);
    expect(await rpc(fork.httpUrl, 'chain_getBlockHash')).toBe(head);
    expect(await rpc(fork.httpUrl, 'state_getStorage', [charlieKey])).toBe(charlie);
    await rpc(fork.httpUrl, 'dev_newBlock');
    expect((await rpc(fork.httpUrl, 'chain_getHeader')).parentHash).toBe(head);
  }, 120_000);
});

describe('storage layout check', () => {
  const real = (() => {
    const raw = fs.readFileSync(REAL_METADATA_V15_PATH, 'utf8').trim().replace(/^0x/, '');
    const r = new Reader(new Uint8Array(Buffer.from(raw, 'hex')));
    r.u8(); // Option::Some
    return r.bytes();
  })();

  it('reads every storage item of a real subtensor metadata blob (spec 343) with its shape', () => {
    const items = storageShapes(real);
    expect(items.size).toBeGreaterThan(200);
    // System.Account: AccountInfo { nonce, consumers, providers, sufficients: u32, data: AccountData { free, reserved,
    // frozen: subtensor's Balance = u64, flags: ExtraFlags(u128) } } behind Blake2_128Concat(AccountId32).
    expect(items.get('System.Account')!.shape).toBe('map Blake2_128Concat [u8;32] → {u32,u32,u32,u32,{u64,u64,u64,u128}}');
    expect(layoutDifferences(real, real)).toEqual([]);
  });

  it('names the items of spec 343 this runtime cannot read: Balances.Holds (hold reasons of pallets spec 425 lacks)', async () => {
    const { createRuntime } = await import('../../runtime/index.ts');
    const { OverlayState, MemoryState } = await import('../../runtime/frame/state.ts');
    const runtime = createRuntime();
    const ours = new Reader(runtime.call('Metadata_metadata', new Uint8Array(), new OverlayState(new MemoryState()))).bytes();
    expect(layoutDifferences(ours, ours)).toEqual([]);
    const diff = layoutDifferences(ours, real);
    // Spec 343's RuntimeHoldReason has variants for pallets this runtime does not have, so a hold of theirs would
    // not decode; every other item both declare is readable (enum variants added since are a superset).
    expect(diff.map(d => d.split(':')[0])).toEqual(['Balances.Holds']);
    const theirHolds = storageShapes(real).get('Balances.Holds')!.shape;
    const ourHolds = storageShapes(ours).get('Balances.Holds')!.shape;
    expect(theirHolds).not.toBe(ourHolds);
  });
});
