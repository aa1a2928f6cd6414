// Dispatching a decoded RuntimeCall: the base call filter (subtensor's NoNestingCallFilter), one storage layer per
// call (a failed call leaves no writes behind), and DispatchError capture. Used by the executive and by the pallets
// that dispatch nested calls (Sudo, Utility).
import type { EnumValue } from '../codec/types.ts';
import { composed } from '../frame/construct.ts';
import { state } from '../frame/externalities.ts';
import { DispatchError, type Origin, type PostDispatchInfo, type DispatchInfo } from '../frame/dispatch.ts';

export interface CallOutcome {
  /** The sp_runtime::DispatchError value, or null on success. */
  error: EnumValue | null;
  post: PostDispatchInfo | void;
}

const BATCHES = new Set(['batch', 'batch_all', 'force_batch']);

// Further halves of the base call filter (InsideBoth<SafeMode, NoNestingCallFilter>): pallets register them.
const baseCallFilters: ((call: EnumValue) => boolean)[] = [];
export function registerBaseCallFilter(f: (call: EnumValue) => boolean): void { baseCallFilters.push(f); }

/** The base call filter: the registered filters (SafeMode's) and subtensor's NoNestingCallFilter. */
export function callAllowed(call: EnumValue): boolean {
  for (const f of baseCallFilters) if (!f(call)) return false;
  return noNesting(call);
}

/** subtensor's NoNestingCallFilter: a Utility batch may not directly contain another batch. */
function noNesting(call: EnumValue): boolean {
  if (call.type !== 'Utility') return true;
  const inner = call.value as EnumValue;
  if (!BATCHES.has(inner.type)) return true;
  const calls: EnumValue[] = inner.value?.calls ?? [];
  return !calls.some(c => c.type === 'Utility' && BATCHES.has((c.value as EnumValue).type));
}

/** CallFiltered = frame_system error 5. */
const callFilteredError = (): EnumValue => DispatchError.module(0, 5, 'System.CallFiltered').value;

let unexpectedErrorHook: (e: unknown, call: EnumValue) => void = (e, call) => {
  // A non-DispatchError thrown by a call is a runtime bug; it fails the call (as Other) instead of the whole block.
  console.error(`runtime: call ${call.type}.${(call.value as EnumValue)?.type} threw`, e);
};
export function onUnexpectedCallError(f: (e: unknown, call: EnumValue) => void): void { unexpectedErrorHook = f; }

/**
 * Runs `call` with `origin` in its own storage layer. Root bypasses the call filters (as frame's Root origin does);
 * `bypassFilter` does the same for other origins (dispatch_bypass_filter). A signed origin's own filter (a proxy's)
 * applies on top of the base filter.
 */
export function dispatchCall(origin: Origin, call: EnumValue, bypassFilter = false): CallOutcome {
  if (origin.kind !== 'Root' && !bypassFilter && (!callAllowed(call) || (origin.kind === 'Signed' && origin.filter && !origin.filter(call)))) {
    return { error: callFilteredError(), post: undefined };
  }
  const st = state();
  try {
    if (origin.kind === 'Signed') for (const g of dispatchGuards) g(origin, call);
    const post = st.transactional(() => composed().dispatch(origin, call));
    return { error: null, post };
  } catch (e) {
    if (e instanceof DispatchError) return { error: e.value, post: undefined };
    unexpectedErrorHook(e, call);
    return { error: { type: 'Other' }, post: undefined };
  }
}

// DispatchExtensions (HEAD's CheckColdkeySwap): checks a pallet registers that run before every dispatch of a
// signed origin, the outermost and nested ones alike; a guard fails the dispatch by throwing a DispatchError.
type DispatchGuard = (origin: Origin & { kind: 'Signed' }, call: EnumValue) => void;
const dispatchGuards: DispatchGuard[] = [];
export function registerDispatchGuard(g: DispatchGuard): void { dispatchGuards.push(g); }

// Wrapper calls (Sudo, Utility) derive both weight and class from their inner calls; memoising per decoded call
// object keeps that linear in the nesting depth instead of exponential.
const infoCache = new WeakMap<object, DispatchInfo>();

export function callInfo(call: EnumValue): DispatchInfo {
  let info = infoCache.get(call);
  if (!info) {
    info = composed().callInfo(call);
    infoCache.set(call, info);
  }
  return info;
}
