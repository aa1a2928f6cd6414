// In-process state for staking/coinbase unit tests without the executive: an overlay over an empty MemoryState,
// a captured event list, and dispatch with rollback on failure (what the executive does for a failed extrinsic).
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { Pallet } from '../../runtime/frame/pallet.ts';
import { DispatchError, signed, type Origin } from '../../runtime/frame/dispatch.ts';
import { decode } from '../../runtime/codec/types.ts';
import { System } from '../../runtime/pallets/system/index.ts';
import { setFreeBalance, freeBalance } from '../../runtime/pallets/balances/index.ts';
import { SubtensorModule } from '../../runtime/pallets/subtensor/index.ts';
import { subnetStorage as N } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';

export const TAO = 1_000_000_000n;
export const acct = (n: number): Uint8Array => { const a = new Uint8Array(32); a[0] = n; a[31] = 0xee; return a; };

export interface Evt { pallet: number; name: string; value: any }

export class Env {
  readonly state = new OverlayState(new MemoryState());
  events: Evt[] = [];

  constructor() {
    Pallet.setEventSink((palletIndex, bytes) => {
      if (palletIndex === SubtensorModule.index) {
        const ev = decode(SubtensorModule.eventCodec!, bytes);
        this.events.push({ pallet: palletIndex, name: ev.type, value: ev.value });
      }
    });
  }

  run<T>(fn: () => T): T { return withState(this.state, fn); }

  setBlock(n: number): void { this.run(() => System.storage.Number.set(n)); }

  /** Dispatches a SubtensorModule call; on failure everything it wrote is rolled back. */
  dispatch(origin: Origin | Uint8Array, name: string, args: Record<string, any>): { ok: boolean; error?: string } {
    const o: Origin = origin instanceof Uint8Array ? signed(origin) : origin;
    return this.run(() => {
      this.state.startTransaction();
      const before = this.events.length;
      try {
        SubtensorModule.dispatch(o, { type: name, value: args });
        this.state.commitTransaction();
        return { ok: true };
      } catch (e) {
        this.state.rollbackTransaction();
        this.events.length = before;
        if (e instanceof DispatchError) return { ok: false, error: e.message };
        throw e;
      }
    });
  }

  /** A full snapshot of the overlay's visible contents (to prove a failed call changed nothing). */
  snapshot(): string {
    return JSON.stringify([...this.state.changes()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v ? Buffer.from(v).toString('hex') : null]));
  }

  balance(who: Uint8Array): bigint { return this.run(() => freeBalance(who)); }
  fund(who: Uint8Array, amount: bigint): void { this.run(() => setFreeBalance(who, amount)); }

  /** A started subnet (NetworksAdded, SubtokenEnabled, FirstEmissionBlockNumber) with the given pool. */
  addSubnet(netuid: number, mechanism: 0 | 1, taoReserve = 0n, alphaReserve = 0n): void {
    this.run(() => {
      N.NetworksAdded.set(netuid, true);
      N.SubtokenEnabled.set(netuid, true);
      N.FirstEmissionBlockNumber.set(netuid, 1n);
      S.SubnetMechanism.set(netuid, mechanism);
      S.SubnetTAO.set(netuid, taoReserve);
      S.SubnetAlphaIn.set(netuid, alphaReserve);
    });
  }

  /** Associates a hotkey with its coldkey (what registration does first). */
  ownHotkey(coldkey: Uint8Array, hotkey: Uint8Array): void {
    this.run(() => {
      N.Owner.set(hotkey, coldkey);
      N.OwnedHotkeys.set(coldkey, [...N.OwnedHotkeys.get(coldkey), hotkey]);
    });
  }
}
