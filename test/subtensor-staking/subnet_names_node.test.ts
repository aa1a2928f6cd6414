// Subnet names and the metagraph fields HEAD retired, through the real node and @polkadot/api: an unnamed subnet
// shows HEAD's built-in name (subnets/symbols.rs get_name_for_subnet: 0 "root", 1 "apex", 2 "omron", …), a named
// identity wins, an empty identity name falls back; get_metagraph / get_selective_metagraph return HEAD's empty
// vectors for pruning_score, trust and rank (rpc_info/metagraph.rs "Deprecated: no longer computed").
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startClient, type Client } from './node_client.ts';

let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

// HEAD's SelectiveMetagraphIndex positions (metagraph.rs): Name 1, Hotkeys 52, PruningScore 58, Trust 64, Rank 65.
const NAME = 1, HOTKEYS = 52, PRUNING_SCORE = 58, TRUST = 64, RANK = 65;
const text = (v: any) => new TextDecoder().decode(Uint8Array.from((v as any[]).map(x => Number(x.toString()))));

describe('subnet names and retired metagraph fields', () => {
  it('falls back to the built-in names; retired fields are empty', async () => {
    const { api } = c;
    const call = api.call as any;
    const alice = c.key('//Alice'), ownerHot = c.key('//Alice//names');
    const dynName = async (netuid: number) => text((await call.subnetInfoRuntimeApi.getDynamicInfo(netuid)).unwrap().subnetName);
    expect(await dynName(0)).toBe('root');
    expect(await dynName(1)).toBe('apex');
    const reg = await c.send(api.tx.subtensorModule.registerNetwork(ownerHot.address), alice);
    expect(reg.ok, reg.error).toBe(true);
    const netuid = Number(reg.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toString());
    expect(netuid).toBe(2);
    expect(await dynName(2)).toBe('omron');
    const mg = (await call.subnetInfoRuntimeApi.getMetagraph(2)).unwrap();
    expect(text(mg.name)).toBe('omron');
    expect(mg.hotkeys.length).toBeGreaterThan(0); // the owner's hotkey holds uid 0
    expect([mg.pruningScore.length, mg.trust.length, mg.rank.length]).toEqual([0, 0, 0]);
    const sel = (await call.subnetInfoRuntimeApi.getSelectiveMetagraph(2, [NAME, HOTKEYS, PRUNING_SCORE, TRUST, RANK])).unwrap();
    expect(text(sel.name.unwrap())).toBe('omron');
    expect(sel.hotkeys.unwrap().length).toBe(mg.hotkeys.length);
    expect([sel.pruningScore.unwrap().length, sel.trust.unwrap().length, sel.rank.unwrap().length]).toEqual([0, 0, 0]);
    const st = (await call.subnetInfoRuntimeApi.getSubnetState(2)).unwrap();
    expect([st.pruningScore.length, st.trust.length, st.rank.length]).toEqual([0, 0, 0]);

    // A named identity wins; an identity with an empty name falls back to the table again.
    const identity = (name: string) => api.tx.subtensorModule.setSubnetIdentity(2, name, '', '', '', '', '', '', '');
    const named = await c.send(identity('my-subnet'), alice);
    expect(named.ok, named.error).toBe(true);
    expect(await dynName(2)).toBe('my-subnet');
    const unnamed = await c.send(identity(''), alice);
    expect(unnamed.ok, unnamed.error).toBe(true);
    expect(await dynName(2)).toBe('omron');
    // Past the table (netuid ≥ 439) HEAD answers "unknown"; no such subnet exists here, so get_dynamic_info is None.
    expect((await call.subnetInfoRuntimeApi.getDynamicInfo(500)).isNone).toBe(true);
  }, 120_000);
});
