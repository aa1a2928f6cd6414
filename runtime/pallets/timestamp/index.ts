// pallet_timestamp (index 2): the block's timestamp, set by the mandatory `set` inherent — the only wall clock
// the runtime ever sees.
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value } from '../../frame/storage.ts';
import { ensureNone, DispatchError } from '../../frame/dispatch.ts';
import { runtimeConfig } from '../../config.ts';

export const Timestamp = definePallet({
  name: 'Timestamp',
  index: 2,
  crate: 'pallet_timestamp',
  storage: {
    Now: value(t.u64, { default: 0n, docs: [' The current time for the current block.'] }),
    DidUpdate: value(t.bool, { default: false, docs: [' Whether the timestamp has been updated in this block.'] }),
  },
  calls: {
    set: call<{ now: bigint }>({
      index: 0,
      args: { now: t.compact(t.u64) },
      typeNames: { now: 'T::Moment' },
      class: 'Mandatory',
      pays: 'No',
      weight: 10_000_000n,
      docs: [' Set the current time (inherent).'],
      fn(origin, { now }) {
        ensureNone(origin);
        const s = Timestamp.storage;
        if (s.DidUpdate.get()) throw DispatchError.other();
        const prev = s.Now.get();
        if (prev !== 0n && now < prev + minimumPeriod()) throw DispatchError.other();
        s.Now.set(now);
        s.DidUpdate.set(true);
      },
    }),
  },
  constants: {
    MinimumPeriod: {
      type: t.u64,
      get value() { return minimumPeriod(); },
      docs: [' The minimum period between blocks.'],
    },
  },
  inherent: {
    identifier: 'timstap0',
    calls: ['set'],
    create: data => ({ type: 'set', value: { now: t.decode(t.u64, data) } }),
  },
  hooks: {
    onFinalize() {
      // The inherent is mandatory: a block without it is invalid.
      if (!Timestamp.storage.DidUpdate.take()) throw new Error('Timestamp must be updated once in the block');
    },
  },
});

/** SLOT_DURATION / 2, as subtensor configures it. */
export function minimumPeriod(): bigint {
  return BigInt(Math.floor(runtimeConfig.slotDurationMs / 2));
}
