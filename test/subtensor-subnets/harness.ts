// Minimal in-process chain for the subnets tests (System + Balances + SubtensorModule + AdminUtils composed,
// one overlay, blocks = set System.Number and run SubtensorModule's on_initialize). Calls are dispatched
// transactionally like the executive does: a failed call leaves no writes behind.
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { constructRuntime, type ComposedRuntime } from '../../runtime/frame/construct.ts';
import { DispatchError, type Origin } from '../../runtime/frame/dispatch.ts';
import { System, readEvents, resetEvents } from '../../runtime/pallets/system/index.ts';
import { Balances } from '../../runtime/pallets/balances/index.ts';
import { SubtensorModule } from '../../runtime/pallets/subtensor/index.ts';
import { AdminUtils } from '../../runtime/pallets/admin_utils/index.ts';
import { subtensorErrors } from '../../runtime/pallets/subtensor/errors.ts';
import { configureRuntime } from '../../runtime/config.ts';
import type { EnumValue } from '../../runtime/codec/types.ts';

export const acct = (n: number): Uint8Array => { const a = new Uint8Array(32); a[0] = n; a[31] = 0xaa; return a; };
export const TAO = 1_000_000_000n;

let runtime: ComposedRuntime | null = null;
function composedRuntime(): ComposedRuntime {
  return (runtime ??= constructRuntime([System, Balances, SubtensorModule, AdminUtils]));
}

export interface CallResult { ok: boolean; error?: string; events: EnumValue[] }

export class SubnetsChain {
  readonly overlay: OverlayState;
  block = 0;

  constructor(balances: [Uint8Array, bigint][]) {
    configureRuntime({ fastRuntime: true, slotDurationMs: 250 });
    composedRuntime();
    this.overlay = new OverlayState(new MemoryState());
    withState(this.overlay, () => {
      System.decl.genesis?.();
      Balances.decl.genesis?.({ balances });
      SubtensorModule.decl.genesis?.({});
    });
  }

  /** Runs `fn` with the chain's state as externalities. */
  q<T>(fn: () => T): T { return withState(this.overlay, fn); }

  /** Advances to the next block (on_initialize of SubtensorModule). */
  nextBlock(count = 1): void {
    for (let i = 0; i < count; i++) {
      this.block++;
      this.q(() => {
        System.storage.Number.set(this.block);
        resetEvents();
        SubtensorModule.decl.hooks?.onInitialize?.(this.block);
      });
    }
  }

  /** Dispatches a call in its own transactional layer; returns the error name (SubtensorModule errors by name). */
  call(origin: Origin, pallet: 'SubtensorModule' | 'AdminUtils' | 'Balances', name: string, args: Record<string, any>): CallResult {
    return this.q(() => {
      resetEvents();
      try {
        this.overlay.transactional(() => composedRuntime().dispatch(origin, { type: pallet, value: { type: name, value: args } }));
        return { ok: true, events: readEvents().map(r => r.event) };
      } catch (e) {
        if (!(e instanceof DispatchError)) throw e;
        return { ok: false, error: describe(e.value), events: [] };
      }
    });
  }

  /** A snapshot of every key/value (to assert a failed call changed nothing). */
  snapshot(): Map<string, string> {
    return this.q(() => { resetEvents(); return new Map(this.overlay.keysWithPrefix('0x').filter(k => !k.startsWith(System.storage.Events.keyOf()))
      .map(k => [k, Buffer.from(this.overlay.get(k)!).toString('hex')])); });
  }
}

function describe(v: EnumValue): string {
  if (v.type === 'Module') {
    const idx = v.value.error[0];
    if (v.value.index === 7) return Object.keys(subtensorErrors)[idx];
    return `Module(${v.value.index},${idx})`;
  }
  return v.value && typeof v.value === 'object' && 'type' in v.value ? `${v.type}::${v.value.type}` : v.type;
}
