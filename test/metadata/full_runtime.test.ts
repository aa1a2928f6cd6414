// The full runtime's metadata, fetched as a client fetches it (Metadata_metadata_at_version through the runtime's
// API router), checked against what clients need and diffed against real subtensor metadata (spec 343 blob).
import { describe, it, expect, beforeAll } from 'vitest';
import { TypeRegistry, Metadata } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { getTypedCodecs } from 'polkadot-api';
import * as t from '../../runtime/codec/types.ts';
import { createRuntime } from '../../runtime/index.ts';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { papiBindings, papiBuilders } from './papi.ts';
import { expandMetadata } from '@polkadot/types';
import { diffMetadata, formatDiff, readRealMetadata, type MetadataDiff } from './diff.ts';

// construct_runtime! indices (reference §1.1; interfaces.md lists the pallets this port composes).
const EXPECTED_PALLETS: [string, number][] = [
  ['System', 0], ['Timestamp', 2], ['Aura', 3], ['Grandpa', 4], ['Balances', 5], ['TransactionPayment', 6],
  ['SubtensorModule', 7], ['Utility', 11], ['Sudo', 12], ['Multisig', 13], ['Preimage', 14], ['Scheduler', 15], ['Proxy', 16], ['Commitments', 18], ['AdminUtils', 19], ['SafeMode', 20], ['Drand', 26], ['Crowdloan', 27],
];

// §1.4, in order. Position 8 is subtensor's ChargeTransactionPaymentWrapper, whose metadata() reports the wrapped
// extension's entry, so clients see `ChargeTransactionPayment` (as in the real spec-343 blob).
const EXTENSIONS = [
  'CheckNonZeroSender', 'CheckSpecVersion', 'CheckTxVersion', 'CheckGenesis', 'CheckMortality', 'CheckNonce', 'CheckWeight',
  'ChargeTransactionPayment', 'SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension', 'DrandPriority',
  'CheckMetadataHash',
];

// Runtime APIs clients call (reference summary and §7).
const CLIENT_APIS = [
  'Core', 'Metadata', 'BlockBuilder', 'TaggedTransactionQueue', 'AccountNonceApi', 'TransactionPaymentApi',
  'NeuronInfoRuntimeApi', 'SubnetInfoRuntimeApi', 'StakeInfoRuntimeApi', 'DelegateInfoRuntimeApi', 'SubnetRegistrationRuntimeApi',
];

const bytesOf: Record<number, Uint8Array> = {};
const pjs: Record<number, { registry: TypeRegistry; metadata: Metadata }> = {};
let real: any;
let bindings: any;

const call = (runtime: any, method: string, args: Uint8Array) => runtime.call(method, args, new OverlayState(new MemoryState()));

beforeAll(async () => {
  const runtime = createRuntime();
  for (const v of [14, 15]) {
    const out = t.decode(t.option(t.bytes), call(runtime, 'Metadata_metadata_at_version', t.encode(t.u32, v)));
    if (!out) throw new Error(`Metadata_metadata_at_version(${v}) returned None`);
    bytesOf[v] = out;
    const registry = new TypeRegistry();
    const metadata = new Metadata(registry, out);
    registry.setMetadata(metadata);
    pjs[v] = { registry, metadata };
  }
  expect(u8aToHex(t.decode(t.bytes, call(runtime, 'Metadata_metadata', new Uint8Array())))).toBe(u8aToHex(bytesOf[14]));
  bindings = await papiBindings();
  real = bindings.unifyMetadata(bindings.metadata.dec(readRealMetadata()));
});

describe('full runtime metadata', () => {
  it('decodes with polkadot-js (V14 and V15) and re-encodes to the same bytes', () => {
    for (const v of [14, 15]) {
      expect(pjs[v].metadata.version).toBe(v);
      expect(u8aToHex(pjs[v].metadata.toU8a())).toBe(u8aToHex(bytesOf[v]));
    }
  });

  it('decodes with polkadot-api (metadata codec and typed codecs)', async () => {
    for (const v of [14, 15]) {
      expect(bindings.metadata.dec(bytesOf[v]).metadata.tag).toBe(`v${v}`);
      const codecs: any = await getTypedCodecs({ getMetadata: async () => bytesOf[v] } as any);
      expect(codecs.tx.Balances.transfer_keep_alive).toBeDefined();
      expect(codecs.query.System.Account.value).toBeDefined();
    }
  });

  it('has every pallet at its index, with calls/storage/events/errors wherever the real runtime has them', () => {
    const ours = new Map(pjs[15].metadata.asV15.pallets.map(p => [p.name.toString(), p]));
    const problems: string[] = [];
    for (const [name, index] of EXPECTED_PALLETS) {
      const p = ours.get(name);
      if (!p) { problems.push(`${name}: missing (index ${index})`); continue; }
      if (p.index.toNumber() !== index) problems.push(`${name}: index ${p.index.toNumber()}, expected ${index}`);
      const r = real.pallets.find((x: any) => x.name === name);
      const has = { calls: p.calls.isSome, events: p.events.isSome, errors: p.errors.isSome, storage: p.storage.isSome };
      const want = { calls: !!r.calls, events: !!r.events, errors: !!r.errors, storage: !!r.storage };
      for (const k of Object.keys(want) as (keyof typeof want)[]) if (want[k] && !has[k]) problems.push(`${name}: no ${k} (the real pallet has ${k})`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('lists the 13 transaction extensions in order (V14 and V15)', () => {
    expect(pjs[14].metadata.asV14.extrinsic.signedExtensions.map(e => e.identifier.toString())).toEqual(EXTENSIONS);
    expect(pjs[15].metadata.asV15.extrinsic.signedExtensions.map(e => e.identifier.toString())).toEqual(EXTENSIONS);
  });

  it('keeps the Rust type paths clients name types by', () => {
    const lookup = pjs[15].registry.lookup;
    const paths = new Set(lookup.types.map(ty => ty.type.path.map(String).join('::')));
    const missing = ['node_subtensor_runtime::RuntimeCall', 'node_subtensor_runtime::RuntimeEvent', 'sp_runtime::multiaddress::MultiAddress',
      'sp_core::crypto::AccountId32', 'frame_system::AccountInfo', 'pallet_balances::types::AccountData', 'frame_system::EventRecord',
      'sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic', 'sp_runtime::MultiSignature', 'sp_runtime::generic::era::Era',
      'subtensor_runtime_common::NetUid', 'subtensor_runtime_common::TaoBalance', 'subtensor_runtime_common::AlphaBalance',
      'substrate_fixed::FixedU128'].filter(p => !paths.has(p));
    expect(missing).toEqual([]);
    // System.Account: AccountInfo<Nonce, AccountData<Balance>> as polkadot-js resolves it.
    const account = pjs[15].metadata.asV15.pallets.find(p => p.name.toString() === 'System')!.storage.unwrap().items.find(i => i.name.toString() === 'Account')!;
    const value = lookup.getSiType(account.type.asMap.value);
    expect(value.path.map(String).join('::')).toBe('frame_system::AccountInfo');
    expect(lookup.getTypeDef(account.type.asMap.value).lookupName).toBe('FrameSystemAccountInfo');
  });

  it('serves the runtime APIs clients call', () => {
    const names = pjs[15].metadata.asV15.apis.map(a => a.name.toString());
    const missing = CLIENT_APIS.filter(a => !names.includes(a));
    expect(missing, `runtime APIs missing from metadata V15: ${missing.join(', ')}`).toEqual([]);
  });

  it('polkadot-api builds codecs (and checksums) for every call, event, error, storage item, constant and API method', async () => {
    const builders = await papiBuilders();
    const problems: string[] = [];
    for (const v of [14, 15]) {
      const unified = bindings.unifyMetadata(bindings.metadata.dec(bytesOf[v]));
      const lookup = builders.getLookupFn(unified);
      const dyn = builders.getDynamicBuilder(lookup);
      const sums = builders.getChecksumBuilder(lookup);
      // Checksums depend only on the types, which V14 and V15 share: compute them once (V15).
      const attempt = (what: string, f: () => unknown) => {
        if (v === 14 && what.endsWith('checksum')) return;
        try { if (f() === null) problems.push(`V${v} ${what}: no checksum`); } catch (e) { problems.push(`V${v} ${what}: ${(e as Error).message}`); }
      };
      for (const p of unified.pallets) {
        for (const kind of ['calls', 'events', 'errors'] as const) {
          if (!p[kind]) continue;
          for (const variant of unified.lookup[p[kind].type].def.value) {
            const build = kind === 'calls' ? dyn.buildCall : kind === 'events' ? dyn.buildEvent : null;
            if (build) attempt(`${p.name}.${variant.name} ${kind} codec`, () => build(p.name, variant.name).codec);
            // Event checksums are skipped: polkadot-api needs seconds for them (on the real blob too).
            const sum = kind === 'calls' ? sums.buildCall : kind === 'errors' ? sums.buildError : null;
            if (sum) attempt(`${p.name}.${variant.name} ${kind} checksum`, () => sum(p.name, variant.name));
          }
        }
        for (const item of p.storage?.items ?? []) {
          attempt(`${p.name}.${item.name} storage`, () => dyn.buildStorage(p.name, item.name).fallback ?? 0);
          attempt(`${p.name}.${item.name} storage checksum`, () => sums.buildStorage(p.name, item.name));
        }
        for (const c of p.constants) {
          attempt(`${p.name}.${c.name} constant`, () => dyn.buildConstant(p.name, c.name).dec(c.value) ?? 0);
          attempt(`${p.name}.${c.name} constant checksum`, () => sums.buildConstant(p.name, c.name));
        }
      }
      for (const api of unified.apis) for (const m of api.methods) {
        attempt(`${api.name}_${m.name}`, () => dyn.buildRuntimeCall(api.name, m.name).value);
        attempt(`${api.name}_${m.name} checksum`, () => sums.buildRuntimeCall(api.name, m.name));
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('polkadot-js decodes every constant and every storage default with the declared types', () => {
    const problems: string[] = [];
    for (const v of [14, 15]) {
      const { registry, metadata } = pjs[v];
      const decorated = expandMetadata(registry, metadata);
      for (const [section, consts] of Object.entries(decorated.consts)) {
        for (const [name, value] of Object.entries(consts as Record<string, any>)) {
          if (value === undefined || typeof value.toU8a !== 'function') problems.push(`V${v} const ${section}.${name} did not decode`);
        }
      }
      for (const [section, items] of Object.entries(decorated.query)) {
        for (const [name, entry] of Object.entries(items as Record<string, any>)) {
          const meta = entry.meta;
          if (!meta.modifier.isDefault) continue;
          const ty = meta.type.isPlain ? meta.type.asPlain : meta.type.asMap.value;
          const raw: Uint8Array = meta.fallback.toU8a(true); // the stored default bytes (the Bytes wrapper stripped)
          try {
            const decoded = registry.createType(registry.lookup.getTypeDef(ty).type, raw);
            if (decoded.encodedLength !== raw.length) problems.push(`V${v} ${section}.${name}: default has ${raw.length} bytes, type reads ${decoded.encodedLength}`);
          } catch (e) {
            problems.push(`V${v} ${section}.${name} default: ${(e as Error).message.split('\n')[0]}`);
          }
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  describe('diff against the real spec-343 metadata', () => {
    let diff: MetadataDiff;
    beforeAll(async () => { diff = await diffMetadata(bytesOf[15], readRealMetadata()); });

    it('has no contradictions for the items we declare (indices, args, hashers, event fields)', () => {
      // `npx tsx scripts/metadata-diff.ts` prints the full report (notes and type shapes too).
      expect(diff.failures, formatDiff({ failures: diff.failures, shapes: [], notes: [] })).toEqual([]);
    });

    it('finds the call indices clients depend on (reference §2)', () => {
      const callIndex = (pallet: string, name: string) => {
        const p = pjs[15].metadata.asV15.pallets.find(x => x.name.toString() === pallet);
        if (!p || p.calls.isNone) return undefined;
        const v = pjs[15].registry.lookup.getSiType(p.calls.unwrap().type).def.asVariant.variants.find(x => x.name.toString() === name);
        return v?.index.toNumber();
      };
      const expected: [string, string, number][] = [
        ['SubtensorModule', 'set_weights', 0], ['SubtensorModule', 'add_stake', 2], ['SubtensorModule', 'remove_stake', 3],
        ['SubtensorModule', 'serve_axon', 4], ['SubtensorModule', 'serve_prometheus', 5], ['SubtensorModule', 'register', 6],
        ['SubtensorModule', 'burned_register', 7], ['SubtensorModule', 'register_network', 59], ['SubtensorModule', 'root_register', 62],
        ['SubtensorModule', 'commit_weights', 96], ['SubtensorModule', 'reveal_weights', 97], ['Commitments', 'set_commitment', 0],
        ['Balances', 'transfer_allow_death', 0], ['Balances', 'transfer_keep_alive', 3], ['Sudo', 'sudo', 0], ['Utility', 'batch', 0],
      ];
      const wrong = expected.filter(([p, c, i]) => callIndex(p, c) !== i).map(([p, c, i]) => `${p}.${c}: ${callIndex(p, c)}, expected ${i}`);
      expect(wrong, wrong.join('\n')).toEqual([]);
    });
  });
});
