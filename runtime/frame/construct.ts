// construct_runtime!: composes the pallets into the outer RuntimeCall / RuntimeEvent / RuntimeError enums and
// routes dispatch by pallet. Pallets that need the outer types (Sudo's boxed call, System's event records) refer
// to them through `outer`, resolved lazily once the runtime is composed.
import { type Codec, type EnumValue, enumOf, lazy, type VariantSpec } from '../codec/types.ts';
import type { Pallet } from './pallet.ts';
import type { Origin, PostDispatchInfo, DispatchInfo } from './dispatch.ts';

export const RUNTIME_CRATE = 'node_subtensor_runtime';

interface Outer {
  RuntimeCall?: Codec<EnumValue>;
  RuntimeEvent?: Codec<EnumValue>;
  RuntimeError?: Codec<EnumValue>;
  runtime?: ComposedRuntime;
}
const outer: Outer = {};

export const RuntimeCall: Codec<EnumValue> = lazy(() => need(outer.RuntimeCall, 'RuntimeCall'));
export const RuntimeEvent: Codec<EnumValue> = lazy(() => need(outer.RuntimeEvent, 'RuntimeEvent'));
export const RuntimeError: Codec<EnumValue> = lazy(() => need(outer.RuntimeError, 'RuntimeError'));

function need<T>(x: T | undefined, name: string): T {
  if (!x) throw new Error(`${name} used before the runtime was composed`);
  return x;
}

/** The composed runtime, reachable from pallets that dispatch nested calls (Sudo, Utility). */
export function composed(): ComposedRuntime {
  return need(outer.runtime, 'runtime');
}

export class ComposedRuntime {
  readonly byName = new Map<string, Pallet>();
  readonly byIndex = new Map<number, Pallet>();
  readonly RuntimeCall: Codec<EnumValue>;
  readonly RuntimeEvent: Codec<EnumValue>;
  readonly RuntimeError: Codec<EnumValue>;

  constructor(readonly pallets: Pallet[]) {
    const sorted = [...pallets].sort((a, b) => a.index - b.index);
    for (const p of sorted) {
      if (this.byIndex.has(p.index)) throw new Error(`pallet index ${p.index} used twice`);
      this.byName.set(p.name, p);
      this.byIndex.set(p.index, p);
    }
    const outerEnum = (kind: 'Call' | 'Event' | 'Error', pick: (p: Pallet) => Codec<EnumValue> | null) =>
      enumOf([RUNTIME_CRATE, `Runtime${kind}`], Object.fromEntries(sorted.filter(p => pick(p)).map((p): [string, VariantSpec] => [p.name, {
        index: p.index, fields: pick(p)!,
        typeNames: [`${kind === 'Call' ? 'dispatch::CallableCallFor' : kind === 'Event' ? `${p.decl.crate}::Event` : `${p.decl.crate}::Error`}<${p.name}, Runtime>`],
      }])));
    this.RuntimeCall = outerEnum('Call', p => p.callCodec);
    this.RuntimeEvent = outerEnum('Event', p => p.eventCodec);
    this.RuntimeError = outerEnum('Error', p => p.errorCodec);
    outer.RuntimeCall = this.RuntimeCall;
    outer.RuntimeEvent = this.RuntimeEvent;
    outer.RuntimeError = this.RuntimeError;
    outer.runtime = this;
  }

  pallet(name: string): Pallet {
    const p = this.byName.get(name);
    if (!p) throw new Error(`no pallet ${name}`);
    return p;
  }

  /** Pre-dispatch info of a decoded RuntimeCall value `{ type: Pallet, value: { type: call, value: args } }`. */
  callInfo(call: EnumValue): DispatchInfo {
    return this.pallet(call.type).callInfo(call.value);
  }

  /** Dispatches a decoded RuntimeCall. Storage rollback on error is the caller's job (executive / utility). */
  dispatch(origin: Origin, call: EnumValue): PostDispatchInfo | void {
    return this.pallet(call.type).dispatch(origin, call.value);
  }
}

export function constructRuntime(pallets: Pallet[]): ComposedRuntime {
  return new ComposedRuntime(pallets);
}
