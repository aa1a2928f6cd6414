// Metadata V14/V15 built from the fixture runtime, read back by the two client libraries that matter:
// @polkadot/types (polkadot-js, used by btcli-era tooling and block explorers) and polkadot-api.
import { describe, it, expect, beforeAll } from 'vitest';
import { TypeRegistry, Metadata, expandMetadata } from '@polkadot/types';
import { getTypedCodecs } from 'polkadot-api';
import { u8aToHex, compactStripLength } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import * as t from '../../runtime/codec/types.ts';
import { buildMetadata, PortableRegistryBuilder } from '../../runtime/frame/metadata.ts';
import { Writer } from '../../runtime/codec/scale.ts';
import { ApiRouter } from '../../runtime/frame/runtime_api.ts';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { minimumPeriod } from '../../runtime/pallets/timestamp/index.ts';
import { composeFixture, FixturePallet, SystemFixture, FIXTURE_EXTENSIONS, type FixtureRuntime } from './fixture.ts';
import { papiBindings, papiDynamicBuilder } from './papi.ts';

const ALICE_SS58 = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE = decodeAddress(ALICE_SS58);

let fx: FixtureRuntime;
const bytesOf: Record<14 | 15, Uint8Array> = {} as any;
const pjs: Record<14 | 15, { registry: TypeRegistry; metadata: Metadata }> = {} as any;

beforeAll(() => {
  fx = composeFixture();
  for (const version of [14, 15] as const) {
    bytesOf[version] = buildMetadata({ runtime: fx.runtime, apis: fx.apis, extensions: fx.extensions, version });
    const registry = new TypeRegistry();
    const metadata = new Metadata(registry, bytesOf[version]);
    registry.setMetadata(metadata);
    pjs[version] = { registry, metadata };
  }
});

describe.each([14, 15] as const)('metadata V%i read by @polkadot/types', version => {
  const reg = () => pjs[version].registry;
  const latest = () => pjs[version].metadata.asLatest;

  it('starts with the magic and version, and decodes as that version', () => {
    expect(Array.from(bytesOf[version].subarray(0, 5))).toEqual([0x6d, 0x65, 0x74, 0x61, version]);
    expect(pjs[version].metadata.version).toBe(version);
    // polkadot-js re-encodes the decoded structure to the very same bytes: nothing was skipped or misread.
    expect(u8aToHex(pjs[version].metadata.toU8a())).toBe(u8aToHex(bytesOf[version]));
  });

  it('lists the pallets at their indices with calls, storage, events, errors and constants', () => {
    const pallets = latest().pallets.map(p => ({
      name: p.name.toString(), index: p.index.toNumber(),
      calls: p.calls.isSome, events: p.events.isSome, errors: p.errors.isSome,
      storage: p.storage.isSome ? p.storage.unwrap().items.map(i => i.name.toString()) : null,
      constants: p.constants.map(c => c.name.toString()),
    }));
    expect(pallets.map(p => [p.name, p.index])).toEqual([['System', 0], ['Timestamp', 2], ['Fixture', 7], ['Sudo', 12]]);
    const fixture = pallets.find(p => p.name === 'Fixture')!;
    expect(fixture.storage).toEqual(Object.keys(FixturePallet.storage));
    expect(fixture.constants).toEqual(['Answer', 'Name', 'Pair']);
    expect([fixture.calls, fixture.events, fixture.errors]).toEqual([true, true, true]);
    const ts = pallets.find(p => p.name === 'Timestamp')!;
    expect([ts.calls, ts.events, ts.errors, ts.storage]).toEqual([true, false, false, ['Now', 'DidUpdate']]);
  });

  it('keeps the Rust paths polkadot-js names types by', () => {
    const lookup = reg().lookup;
    const names = new Set<string>();
    for (const ty of lookup.types) {
      const def = lookup.getTypeDef(ty.id);
      if (def.lookupName) names.add(def.lookupName);
    }
    for (const n of ['FrameSystemAccountInfo', 'PalletBalancesAccountData', 'FrameSystemEventRecord', 'PalletFixtureTree',
      'PalletFixtureShape', 'SubstrateFixedFixedI64', 'PalletFixtureCall', 'FrameMetadataHashExtensionCheckMetadataHash']) {
      expect(names, n).toContain(n);
    }
    // Well-known paths polkadot-js maps onto its own classes; newtypes (NetUid, TaoBalance) flatten to the inner type.
    const typeOfPath = (path: string) => lookup.getTypeDef(lookup.types.find(ty => ty.type.path.map(String).join('::') === path)!.id).type;
    expect(['sp_core::crypto::AccountId32', 'sp_runtime::multiaddress::MultiAddress', 'node_subtensor_runtime::RuntimeCall',
      'node_subtensor_runtime::RuntimeEvent', 'sp_runtime::generic::era::Era', 'subtensor_runtime_common::NetUid',
      'subtensor_runtime_common::TaoBalance', 'primitive_types::H256'].map(typeOfPath))
      .toEqual(['AccountId32', 'MultiAddress', 'Call', 'Event', 'Era', 'u16', 'u64', 'H256']);
    // The extrinsic type params polkadot-js reads in its V14 → V15 conversion.
    const unchecked = lookup.types.find(ty => ty.type.path.map(String).join('::') === 'sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic');
    expect(unchecked!.type.params.map(p => p.name.toString())).toEqual(['Address', 'Call', 'Signature', 'Extra']);
    const paramPath = (i: number) => lookup.getSiType(unchecked!.type.params[i].type.unwrap()).path.map(String).join('::');
    expect([paramPath(0), paramPath(1), paramPath(2)]).toEqual(['sp_runtime::multiaddress::MultiAddress', 'node_subtensor_runtime::RuntimeCall', 'sp_runtime::MultiSignature']);
  });

  it('describes recursion with one type id (RuntimeCall inside Sudo, a self-referential tree)', () => {
    const lookup = reg().lookup;
    const idOfPath = (path: string) => lookup.types.filter(ty => ty.type.path.map(String).join('::') === path).map(ty => ty.id.toNumber());
    const [callId] = idOfPath('node_subtensor_runtime::RuntimeCall');
    const [sudoCall] = idOfPath('pallet_sudo::pallet::Call');
    const sudoField = lookup.getSiType(sudoCall).def.asVariant.variants[0].fields[0];
    expect(sudoField.type.toNumber()).toBe(callId);
    const [treeId] = idOfPath('pallet_fixture::Tree');
    const nodeVariant = lookup.getSiType(treeId).def.asVariant.variants.find(v => v.name.toString() === 'Node')!;
    const children = lookup.getSiType(nodeVariant.fields[0].type);
    expect(children.def.isSequence).toBe(true);
    expect(children.def.asSequence.type.toNumber()).toBe(treeId);
  });

  it('has no two identical types (structural de-duplication)', () => {
    const seen = new Map<string, number>();
    for (const ty of reg().lookup.types) {
      const key = JSON.stringify(ty.type.toJSON());
      expect(seen.has(key), `type ${ty.id} duplicates ${seen.get(key)}: ${key.slice(0, 120)}`).toBe(false);
      seen.set(key, ty.id.toNumber());
    }
    // Type ids are 0..n-1 in order (the portable registry requires it).
    expect(reg().lookup.types.map(ty => ty.id.toNumber())).toEqual(reg().lookup.types.map((_, i) => i));
  });

  it('derives the same storage keys and defaults as the framework (every hasher, double and n-maps)', () => {
    const { query } = expandMetadata(reg(), pjs[version].metadata);
    const q = query.fixture as any;
    const s = FixturePallet.storage;
    const cases: [string, any[], string][] = [
      ['plainDefault', [], s.PlainDefault.keyOf()],
      ['mapBlake2128', [5], s.MapBlake2_128.keyOf(5)],
      ['mapBlake2256', [5], s.MapBlake2_256.keyOf(5)],
      ['mapBlake2128Concat', [ALICE_SS58], s.MapBlake2_128Concat.keyOf(ALICE)],
      ['mapTwox128', [5], s.MapTwox128.keyOf(5)],
      ['mapTwox256', [5], s.MapTwox256.keyOf(5)],
      ['mapTwox64Concat', [123n], s.MapTwox64Concat.keyOf(123n)],
      ['mapIdentity', [3], s.MapIdentity.keyOf(3)],
      ['double', [3, ALICE_SS58], s.Double.keyOf(3, ALICE)],
      ['triple', [3, ALICE_SS58, 9], s.Triple.keyOf(3, ALICE, 9)],
    ];
    for (const [name, args, expected] of cases) expect(u8aToHex(compactStripLength(q[name](...args))[1]), name).toBe(expected);
    expect(u8aToHex(compactStripLength((query.system as any).account(ALICE_SS58))[1])).toBe(SystemFixture.storage.Account.keyOf(ALICE));

    const meta = (name: string) => q[name].meta;
    expect(meta('plainDefault').modifier.type).toBe('Default');
    expect(meta('plainOptional').modifier.type).toBe('Optional');
    expect(meta('plainDefault').docs.map(String)).toEqual([' A plain ValueQuery.', ' Second doc line.']);
    expect(meta('triple').type.asMap.hashers.map((h: any) => h.type)).toEqual(['Identity', 'Blake2_128Concat', 'Twox64Concat']);
    // Defaults are stored encoded; polkadot-js decodes them with the value type.
    expect(reg().createType(reg().lookup.getTypeDef(meta('plainDefault').type.asPlain).type, meta('plainDefault').fallback).toString()).toBe('42');
    expect(u8aToHex(meta('mapIdentity').fallback)).toBe('0x6801'); // 360 as u16
  });

  it('round-trips calls between polkadot-js and the runtime RuntimeCall codec', () => {
    const { tx } = expandMetadata(reg(), pjs[version].metadata);
    const viaPjs = (tx.fixture as any).doThings(3, { Id: ALICE_SS58 }, 5, null, [[1, 2]], { Sized: { size: 9, inner: { Custom: '0x010203' } } }, '0x0a0b', true, '0x01020304');
    const decoded = t.decode(fx.runtime.RuntimeCall, viaPjs.toU8a());
    expect(decoded).toEqual({
      type: 'Fixture', value: {
        type: 'do_things', value: {
          netuid: 3, who: { type: 'Id', value: ALICE }, amount: 5n, limit: null, pairs: [[1, 2]],
          shape: { type: 'Sized', value: { size: 9n, inner: { type: 'Custom', value: new Uint8Array([1, 2, 3]) } } },
          note: new Uint8Array([10, 11]), flag: true, code: new Uint8Array([1, 2, 3, 4]),
        },
      },
    });

    // Ours → polkadot-js: a sudo-wrapped call with a recursive tree argument.
    const inner = { type: 'Fixture', value: { type: 'grow', value: { tree: { type: 'Node', value: { children: [{ type: 'Leaf', value: 7 }, { type: 'Node', value: { children: [], label: 'x' } }], label: null } } } } };
    const ours = t.encode(fx.runtime.RuntimeCall, { type: 'Sudo', value: { type: 'sudo', value: { call: inner } } });
    const call = reg().createType('Call', ours);
    expect([call.section, call.method]).toEqual(['sudo', 'sudo']);
    const nested = reg().createType('Call', (call.args[0] as any).toU8a());
    expect([nested.section, nested.method]).toEqual(['fixture', 'grow']);
    expect(nested.args[0].toJSON()).toEqual({ node: { children: [{ leaf: 7 }, { node: { children: [], label: 'x' } }], label: null } });
    expect(u8aToHex(call.toU8a())).toBe(u8aToHex(ours));
    // The call index polkadot-js assigns is (pallet index, call index).
    expect(Array.from((tx.fixture as any).doThings.callIndex)).toEqual([7, 3]);
  });

  it('decodes our events and errors with their names, fields and docs', () => {
    const ev = t.encode(fx.runtime.RuntimeEvent, { type: 'Fixture', value: { type: 'Thing', value: [3, ALICE, 10n] } });
    const event: any = reg().createType('Event', ev);
    expect([event.section, event.method, event.index.toHex()]).toEqual(['fixture', 'Thing', '0x0700']);
    expect(event.data.toJSON()).toEqual([3, ALICE_SS58, 10]);
    expect(event.meta.docs.map(String)).toEqual([' Something happened: (netuid, who, amount).']);
    const named: any = reg().createType('Event', t.encode(fx.runtime.RuntimeEvent, { type: 'Fixture', value: { type: 'Named', value: { netuid: 1, value: 5n } } }));
    expect((named.data as any).netuid.toNumber()).toBe(1);

    const err = reg().findMetaError({ index: reg().createType('u8', 7), error: reg().createType('[u8;4]', [1, 0, 0, 0]) } as any);
    expect([err.section, err.name, err.docs]).toEqual(['fixture', 'Second', [' The second error.', ' Two lines.']]);
    const mod = FixturePallet.error('Third').value.value;
    const err3 = reg().findMetaError({ index: reg().createType('u8', mod.index), error: reg().createType('[u8;4]', mod.error) } as any);
    expect(err3.name).toBe('Third');
  });

  it('exposes constants with their encoded values', () => {
    const { consts } = expandMetadata(reg(), pjs[version].metadata);
    expect((consts.fixture as any).answer.toString()).toBe('42');
    expect((consts.fixture as any).name.toUtf8()).toBe('fixture');
    expect((consts.fixture as any).pair.toJSON()).toEqual([7, 9]);
    expect((consts.timestamp as any).minimumPeriod.toBigInt()).toBe(minimumPeriod());
    expect((consts.system as any).blockHashCount.toNumber()).toBe(2400);
  });

  it('lists the transaction extensions in order with their extra and additional types', () => {
    const md = pjs[version].metadata;
    const exts = (version === 14 ? md.asV14 : md.asV15).extrinsic.signedExtensions;
    expect(exts.map((e: any) => e.identifier.toString())).toEqual(FIXTURE_EXTENSIONS.map(e => e.identifier));
    const lookup = reg().lookup;
    const metaHash = exts[exts.length - 1];
    expect(lookup.getTypeDef(metaHash.additionalSigned).type).toBe('Option<[u8;32]>');
    expect(lookup.getSiType(exts[4].type).path.map(String).join('::')).toBe('frame_system::extensions::check_mortality::CheckMortality');
  });
});

describe('metadata V15 extras', () => {
  it('carries runtime APIs (hidden ones omitted), outer enums and pallet docs', () => {
    const v15 = pjs[15].metadata.asV15;
    expect(v15.apis.map(a => a.name.toString())).toEqual(['FixtureRuntimeApi', 'Metadata']);
    const api = v15.apis[0];
    expect(api.docs.map(String)).toEqual([' A fixture API.']);
    const m = api.methods[0];
    expect([m.name.toString(), m.inputs.map(i => i.name.toString())]).toEqual(['get_tree', ['id', 'netuid']]);
    const lookup = pjs[15].registry.lookup;
    expect(lookup.getTypeDef(m.output).type).toMatch(/^Option<.*Tree/);
    const path = (id: any) => lookup.getSiType(id).path.map(String).join('::');
    expect([path(v15.outerEnums.callType), path(v15.outerEnums.eventType), path(v15.outerEnums.errorType)])
      .toEqual(['node_subtensor_runtime::RuntimeCall', 'node_subtensor_runtime::RuntimeEvent', 'node_subtensor_runtime::RuntimeError']);
    expect([path(v15.extrinsic.addressType), path(v15.extrinsic.signatureType)]).toEqual(['sp_runtime::multiaddress::MultiAddress', 'sp_runtime::MultiSignature']);
    expect(lookup.getSiType(v15.extrinsic.extraType).def.asTuple.length).toBe(13);
    expect(v15.pallets.find(p => p.name.toString() === 'Fixture')!.docs.map(String)).toEqual([' A fixture pallet.']);
    expect(path(v15.type)).toBe('node_subtensor_runtime::Runtime');
    expect(v15.custom.map.size).toBe(0);
  });

  it('V14 has the UncheckedExtrinsic as its extrinsic type', () => {
    const v14 = pjs[14].metadata.asV14;
    expect(v14.extrinsic.version.toNumber()).toBe(4);
    expect(pjs[14].registry.lookup.getSiType(v14.extrinsic.type).path.map(String).join('::')).toBe('sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic');
  });
});

describe('Metadata runtime API', () => {
  const call = (method: string, args: Uint8Array) => new ApiRouter(fx.apis).call(method, args, new OverlayState(new MemoryState()));

  it('serves V14 from metadata(), V14/V15 from metadata_at_version, None for others, and [14, 15] versions', () => {
    expect(t.decode(t.vec(t.u32), call('Metadata_metadata_versions', new Uint8Array()))).toEqual([14, 15]);
    expect(u8aToHex(t.decode(t.bytes, call('Metadata_metadata', new Uint8Array())))).toBe(u8aToHex(bytesOf[14]));
    for (const v of [14, 15]) {
      const out = t.decode(t.option(t.bytes), call('Metadata_metadata_at_version', t.encode(t.u32, v)));
      expect(u8aToHex(out!)).toBe(u8aToHex(bytesOf[v as 14 | 15]));
    }
    expect(Array.from(call('Metadata_metadata_at_version', t.encode(t.u32, 16)))).toEqual([0]);
    expect(Array.from(call('Metadata_metadata_at_version', t.encode(t.u32, 13)))).toEqual([0]);
  });

  it('builds each version once', () => {
    expect(fx.metadataApi.cache.get(15)).toBe(fx.metadataApi.cache.get(15));
  });

  it('answers state_call-shaped output polkadot-js decodes (Option<OpaqueMetadata>)', () => {
    const out = call('Metadata_metadata_at_version', t.encode(t.u32, 15));
    const opt = pjs[15].registry.createType('Option<OpaqueMetadata>', out);
    const md = new Metadata(new TypeRegistry(), (opt as any).unwrap().toU8a(true));
    expect(md.version).toBe(15);
  });
});

describe.each([14, 15] as const)('metadata V%i read by polkadot-api', version => {
  let codecs: any;
  let bindings: any;
  beforeAll(async () => {
    bindings = await papiBindings();
    codecs = await getTypedCodecs({ getMetadata: async () => bytesOf[version] } as any);
  });

  it('decodes with the metadata codec (and decAnyMetadata, also from the Option<OpaqueMetadata> form)', () => {
    const m = bindings.metadata.dec(bytesOf[version]);
    expect(m.metadata.tag).toBe(`v${version}`);
    expect(m.metadata.value.pallets.map((p: any) => [p.name, p.index])).toEqual([['System', 0], ['Timestamp', 2], ['Fixture', 7], ['Sudo', 12]]);
    const wrapped = t.encode(t.option(t.bytes), bytesOf[version]);
    expect(bindings.decAnyMetadata(wrapped).metadata.tag).toBe(`v${version}`);
    const unified = bindings.unifyMetadata(m);
    expect(unified.extrinsic.signedExtensions[0].map((e: any) => e.identifier)).toEqual(FIXTURE_EXTENSIONS.map(e => e.identifier));
  });

  it('encodes call arguments exactly as the runtime does', () => {
    const args = {
      netuid: 3, who: { type: 'Id', value: ALICE_SS58 }, amount: 5n, limit: 4, pairs: [[1, 2]],
      shape: { type: 'Point', value: [-1, 2] }, note: new Uint8Array([1]), flag: false, code: '0x01020304',
    };
    const ours = t.encode(FixturePallet.callCodec!, {
      type: 'do_things', value: {
        netuid: 3, who: { type: 'Id', value: ALICE }, amount: 5n, limit: 4, pairs: [[1, 2]],
        shape: { type: 'Point', value: [-1, 2] }, note: new Uint8Array([1]), flag: false, code: new Uint8Array([1, 2, 3, 4]),
      },
    });
    // Our call codec = variant index byte ++ args.
    expect(u8aToHex(codecs.tx.Fixture.do_things.enc(args))).toBe(u8aToHex(ours.subarray(1)));
    expect(ours[0]).toBe(3);
  });

  it('builds storage keys and decodes storage values and constants', () => {
    const s = FixturePallet.storage;
    // args.enc is the concatenation of the SCALE-encoded keys (hashing is the storage builder's job).
    expect(codecs.query.Fixture.Double.args.enc([3, ALICE_SS58])).toEqual(t.encode(t.tuple(t.u16, t.fixedBytes(32)), [3, ALICE]));
    expect(codecs.query.Fixture.Triple.args.enc([3, ALICE_SS58, 9])).toEqual(t.encode(t.tuple(t.u16, t.fixedBytes(32), t.u16), [3, ALICE, 9]));
    // polkadot-api flattens one-field structs: I32F32 { bits } reads as its bits.
    expect(codecs.query.Fixture.Fixed.value.dec(t.encode(s.Fixed.value, { bits: 5n }))).toBe(5n);
    // Option<bool> is encoded generically (no one-byte OptionBool form), as the runtime encodes it.
    expect(codecs.query.Fixture.OptBool.value.dec(t.encode(s.OptBool.value, false))).toBe(false);
    expect(Array.from(t.encode(s.OptBool.value, false))).toEqual([1, 0]);
    const pallets = bindings.metadata.dec(bytesOf[version]).metadata.value.pallets;
    const constBytes = (name: string) => pallets.find((p: any) => p.name === 'Fixture').constants.find((c: any) => c.name === name).value;
    expect(codecs.constants.Fixture.Answer.dec(constBytes('Answer'))).toBe(42n);
    expect(codecs.constants.Fixture.Pair.dec(constBytes('Pair'))).toEqual([7, 9]);
  });

  it('hashes storage keys like the framework, for every hasher', async () => {
    const builder = await papiDynamicBuilder(bytesOf[version]);
    const s = FixturePallet.storage;
    const key = (item: string, ...args: any[]) => builder.buildStorage('Fixture', item).keys.enc(...args);
    expect(key('PlainDefault')).toBe(s.PlainDefault.keyOf());
    expect(key('MapBlake2_128', 5)).toBe(s.MapBlake2_128.keyOf(5));
    expect(key('MapBlake2_256', 5)).toBe(s.MapBlake2_256.keyOf(5));
    expect(key('MapBlake2_128Concat', ALICE_SS58)).toBe(s.MapBlake2_128Concat.keyOf(ALICE));
    expect(key('MapTwox128', 5)).toBe(s.MapTwox128.keyOf(5));
    expect(key('MapTwox256', 5)).toBe(s.MapTwox256.keyOf(5));
    expect(key('MapTwox64Concat', 123n)).toBe(s.MapTwox64Concat.keyOf(123n));
    expect(key('MapIdentity', 3)).toBe(s.MapIdentity.keyOf(3));
    expect(key('Double', 3, ALICE_SS58)).toBe(s.Double.keyOf(3, ALICE));
    expect(key('Triple', 3, ALICE_SS58, 9)).toBe(s.Triple.keyOf(3, ALICE, 9));
    expect(builder.buildStorage('Fixture', 'MapIdentity').fallback).toBe(360);
    expect(builder.buildStorage('Fixture', 'PlainDefault').fallback).toBe(42n);
  });

  it('decodes events encoded by the runtime', () => {
    const ev = codecs.event.Fixture.Named.dec(t.encode(FixturePallet.eventCodec!, { type: 'Named', value: { netuid: 2, value: null } }).slice(1));
    expect(ev).toEqual({ netuid: 2, value: undefined });
  });

  it('describes runtime API arguments and outputs (V15 only; V14 has no API section)', () => {
    if (version === 14) {
      expect(() => codecs.apis.FixtureRuntimeApi.get_tree).toThrow(/not found/);
      return;
    }
    const api = codecs.apis.FixtureRuntimeApi.get_tree;
    expect(api.args.enc([1, 2])).toEqual(new Uint8Array([1, 0, 0, 0, 2, 0]));
    const tree = { type: 'Node', value: { children: [{ type: 'Leaf', value: 1 }], label: 'a' } };
    const out = api.value.dec(t.encode(t.option(FixturePallet.decl.calls.grow.args.tree), tree));
    expect(out).toEqual({ type: 'Node', value: { children: [{ type: 'Leaf', value: 1 }], label: 'a' } });
    expect(codecs.apis.Metadata.metadata_versions.value.dec(t.encode(t.vec(t.u32), [14, 15]))).toEqual([14, 15]);
  });
});

describe('portable registry builder', () => {
  const encodeRegistry = (...codecs: t.Codec<any>[]) => {
    const reg = new PortableRegistryBuilder();
    const refs = codecs.map(c => reg.add(c));
    reg.finalize();
    const w = new Writer();
    reg.encodeTo(w);
    return { bytes: Array.from(w.finish()), ids: refs.map(r => reg.id(r)), size: reg.size };
  };

  it('encodes scale-info PortableRegistry bytes (Vec<u8> = sequence of primitive u8)', () => {
    // [compact 2 types] [id 0: path [], params [], Sequence(2) of id 1, docs []] [id 1: path [], params [], Primitive(5) U8(3), docs []]
    expect(encodeRegistry(t.bytes).bytes).toEqual([0x08, 0x00, 0x00, 0x00, 0x02, 0x04, 0x00, 0x04, 0x00, 0x00, 0x05, 0x03, 0x00]);
  });

  it('merges separately declared identical types, recursive ones included, and keeps different ones apart', () => {
    const mkTree = (): t.Codec<t.EnumValue> => {
      const tree: t.Codec<t.EnumValue> = t.enumOf(['x', 'Tree'], { Leaf: { fields: t.u8 }, Node: { fields: t.vec(t.lazy(() => tree)) } });
      return tree;
    };
    const a = encodeRegistry(mkTree(), mkTree(), t.tuple(t.u16, t.u32), t.tuple(t.u16, t.u32));
    expect(a.ids[0]).toBe(a.ids[1]);
    expect(a.ids[2]).toBe(a.ids[3]);
    expect(a.size).toBe(6); // Tree, u8, Vec<Tree>, (u16, u32), u16, u32
    const b = encodeRegistry(t.struct(['x', 'S'], { a: t.u8 }), t.struct(['x', 'S'], { b: t.u8 }));
    expect(b.ids[0]).not.toBe(b.ids[1]);
  });

  it('rejects duplicate or out-of-range variant indices', () => {
    const dup = t.enumOf(['x', 'E'], { A: { index: 1 }, B: { index: 1 } });
    expect(() => encodeRegistry(dup)).toThrow(/index 1 used twice/);
    const big = t.enumOf(['x', 'E'], { A: { index: 256 } });
    expect(() => encodeRegistry(big)).toThrow(/must be u8/);
  });
});
