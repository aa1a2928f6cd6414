// frame_support's Bounded<RuntimeCall> with pallet_preimage as QueryPreimage / StorePreimage (their provided methods):
// a call of at most 128 encoded bytes is kept Inline, a longer one is noted as a requested preimage (no deposit) and
// referred to by hash and length. Used by the Scheduler (agenda tasks) and the Crowdloan (the call a finalize dispatches).
import * as t from '../../codec/types.ts';
import { RuntimeCall } from '../../frame/construct.ts';
import { H256 } from '../../primitives.ts';
import { noteBytes, unrequestPreimage, fetchPreimage } from './index.ts';

const INLINE_MAX = 128;

export const Bounded = t.enumOf(['frame_support', 'traits', 'preimages', 'Bounded'], {
  Legacy: { fields: { hash: H256 }, typeNames: { hash: 'H::Output' } },
  Inline: { fields: t.bytes, typeNames: ['BoundedInline'] },
  Lookup: { fields: { hash: H256, len: t.u32 }, typeNames: { hash: 'H::Output', len: 'u32' } },
}, { params: [{ name: 'T', type: RuntimeCall }, { name: 'H', type: undefined }] });

export type BoundedValue = t.EnumValue;

/** StorePreimage::bound. */
export function bound(c: t.EnumValue): BoundedValue {
  const data = t.encode(RuntimeCall, c);
  if (data.length <= INLINE_MAX) return { type: 'Inline', value: data };
  const { hash } = noteBytes(data, null);
  return { type: 'Lookup', value: { hash, len: data.length } };
}

export const lookupHash = (b: BoundedValue): Uint8Array | null => (b.type === 'Inline' ? null : b.value.hash);
export const lookupLen = (b: BoundedValue): number | null => (b.type === 'Lookup' ? b.value.len : null);

/** QueryPreimage::drop: unrequests a stored call. */
export function dropBounded(b: BoundedValue): void {
  const h = lookupHash(b);
  if (h) { try { unrequestPreimage(h); } catch { /* as frame: a failed unrequest is only a debug assertion */ } }
}

/** QueryPreimage::peek: the call and, for stored ones, the preimage length; null when unavailable or undecodable. */
export function peek(b: BoundedValue): { call: t.EnumValue; len: number | null } | null {
  let bytes: Uint8Array | null;
  if (b.type === 'Inline') bytes = b.value;
  else bytes = fetchPreimage(b.value.hash, b.type === 'Lookup' ? b.value.len : null);
  if (!bytes) return null;
  try {
    return { call: t.decode(RuntimeCall, bytes), len: b.type === 'Inline' ? null : bytes.length };
  } catch {
    return null;
  }
}
