// System.Events is built from an in-memory list per block and written once when read or at finalisation; these
// tests check it against the plain "append every record to the stored Vec" semantics, including rollbacks.
import { describe, it, expect } from 'vitest';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { withState, state } from '../../runtime/frame/externalities.ts';
import { System, resetEvents, readEvents, flushEvents } from '../../runtime/pallets/system/index.ts';
import '../../runtime/runtime.ts';

const acct = (b: number) => new Uint8Array(32).fill(b);
const accountsOf = (evs: any[]) => evs.map(e => e.event.value.value.account[0]);

// EventRecord { phase: ApplyExtrinsic(0) = 00 00000000, event: System(0).NewAccount(3) account, topics: [] }.
const record = (b: number) => [0, 0, 0, 0, 0, 0, 3, ...acct(b), 0];

describe('System.Events log', () => {
  it('keeps exactly the events of committed layers, in order, across reads and rollbacks', () => {
    const overlay = new OverlayState(new MemoryState());
    withState(overlay, () => {
      System.storage.Number.set(1);
      resetEvents();
      System.deposit('NewAccount', { account: acct(1) });
      overlay.startTransaction();
      System.deposit('NewAccount', { account: acct(2) });
      expect(accountsOf(readEvents())).toEqual([1, 2]); // a read in a nested layer
      System.deposit('NewAccount', { account: acct(3) });
      overlay.rollbackTransaction();
      expect(System.storage.EventCount.get()).toBe(1);
      System.deposit('NewAccount', { account: acct(4) });
      overlay.transactional(() => System.deposit('NewAccount', { account: acct(5) }));
      expect(() => overlay.transactional(() => { System.deposit('NewAccount', { account: acct(6) }); flushEvents(); throw new Error('x'); })).toThrow('x');
      expect(accountsOf(readEvents())).toEqual([1, 4, 5]);
      flushEvents();
      // Stored bytes from first principles: compact(3) ++ the three records.
      const raw = state().get(System.storage.Events.keyOf())!;
      expect([...raw]).toEqual([3 << 2, ...record(1), ...record(4), ...record(5)]);
      expect(System.storage.EventCount.get()).toBe(3);
    });
  });

  it('continues from events already stored when a new overlay appends', () => {
    const base = new MemoryState();
    const first = new OverlayState(base);
    withState(first, () => { System.storage.Number.set(1); resetEvents(); System.deposit('NewAccount', { account: acct(7) }); flushEvents(); });
    base.apply(first.changes());
    const second = new OverlayState(base);
    withState(second, () => {
      System.deposit('NewAccount', { account: acct(8) });
      expect(accountsOf(readEvents())).toEqual([7, 8]);
      resetEvents();
      flushEvents();
      expect(state().get(System.storage.Events.keyOf())).toBeUndefined();
      expect(readEvents()).toEqual([]);
    });
  });
});
