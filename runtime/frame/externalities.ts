// The state the runtime is executing against, like sp_io's externalities: pallet code calls storage accessors
// without threading a state handle through every function. Only the executive and runtime APIs set it.
import type { OverlayState } from './state.ts';

let current: OverlayState | null = null;

export function withState<T>(state: OverlayState, fn: () => T): T {
  const previous = current;
  current = state;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

export function state(): OverlayState {
  if (!current) throw new Error('storage accessed outside of runtime execution (no externalities set)');
  return current;
}
