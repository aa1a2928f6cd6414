// pallet_aura (index 3): the authority set and the current slot, read from the block's `aura` pre-runtime digest.
// The block author (who receives transaction fees) is the authority of the slot: authorities[slot % n].
import * as t from '../../codec/types.ts';
import { definePallet } from '../../frame/pallet.ts';
import { value } from '../../frame/storage.ts';
import { Reader, bytesEqual } from '../../codec/scale.ts';
import { runtimeConfig } from '../../config.ts';
import { System } from '../system/index.ts';
import { AURA_ENGINE_ID } from '../../frame/header.ts';

export const AuraId = t.newtype(['sp_consensus_aura', 'sr25519', 'app_sr25519', 'Public'], t.fixedBytes(32), 'sr25519::Public');
export const Slot = t.newtype(['sp_consensus_slots', 'Slot'], t.u64, 'u64');

export const Aura = definePallet({
  name: 'Aura',
  index: 3,
  crate: 'pallet_aura',
  storage: {
    Authorities: value(t.vec(AuraId), { default: [], docs: [' The current authority set.'] }),
    CurrentSlot: value(Slot, { default: 0n, docs: [' The current slot of this block.', '', ' This will be set in `on_initialize`.'] }),
  },
  constants: {
    SlotDuration: {
      type: t.u64,
      get value() { return BigInt(runtimeConfig.slotDurationMs); },
      docs: [' The slot duration Aura should run with, expressed in milliseconds.', ' The effective value of this type should not change while the chain is running.', '', ' For backwards compatibility either use [`MinimumPeriodTimesTwo`] or a const.'],
    },
  },
  hooks: {
    onInitialize() {
      const slot = slotFromDigest();
      if (slot !== null) Aura.storage.CurrentSlot.set(slot);
      return 2n * 25_000_000n + 100_000_000n;
    },
  },
  genesis(config: { auraAuthorities?: Uint8Array[] }) {
    Aura.storage.Authorities.set(config.auraAuthorities ?? []);
  },
});

/** The slot announced by the block's `PreRuntime(aura, slot)` digest, if any. */
export function slotFromDigest(): bigint | null {
  for (const item of System.storage.Digest.peek().logs) { // read-only
    if (item.type === 'PreRuntime' && bytesEqual(item.value[0], AURA_ENGINE_ID)) {
      try { return new Reader(item.value[1]).u64(); } catch { return null; }
    }
  }
  return null;
}

/** The author of the current block (BlockAuthorFromAura), or null when the digest names no slot. */
export function blockAuthor(): Uint8Array | null {
  const slot = slotFromDigest();
  if (slot === null) return null;
  const auths = Aura.storage.Authorities.peek(); // read-only; the author returned is a copy
  if (auths.length === 0) return null;
  return auths[Number(slot % BigInt(auths.length))].slice();
}

export function slotDuration(): bigint {
  return BigInt(runtimeConfig.slotDurationMs);
}
