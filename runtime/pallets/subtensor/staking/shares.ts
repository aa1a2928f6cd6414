// Share accounting of stake (subtensor's SharePool over Alpha / TotalHotkeyAlpha / TotalHotkeyShares).
// A hotkey's pool on a subnet holds TotalHotkeyAlpha alpha split into TotalHotkeyShares shares; a coldkey's
// stake is shares × TotalHotkeyAlpha / TotalHotkeyShares. Emission credited to the pool as a whole (the part of
// validator dividends after take) raises every nominator's stake pro rata without touching shares.
// Shares are stored as U64F64 raw bits; all arithmetic is exact bigint with floors against the staker.
import type { AccountId } from '../../../primitives.ts';
import { stakingStorage as S } from './storage.ts';
import { bytesEqual } from '../../../codec/scale.ts';
import { U64_MAX } from '../epoch/fixed.ts';

const FRAC = 64n;
const U128_MAX = (1n << 128n) - 1n;

/** Alpha stake of (hotkey, coldkey) on `netuid`. */
export function stakeOf(hotkey: AccountId, coldkey: AccountId, netuid: number): bigint {
  const shares = S.Alpha.get(hotkey, coldkey, netuid).bits;
  if (shares === 0n) return 0n;
  const totalShares = S.TotalHotkeyShares.get(hotkey, netuid).bits;
  if (totalShares === 0n) return 0n;
  const totalAlpha = S.TotalHotkeyAlpha.get(hotkey, netuid);
  const v = (shares * totalAlpha) / totalShares;
  return v > U64_MAX ? U64_MAX : v;
}

/** All alpha held by a hotkey's pool on `netuid`. */
export function totalHotkeyAlpha(hotkey: AccountId, netuid: number): bigint {
  return S.TotalHotkeyAlpha.get(hotkey, netuid);
}

/** Credits `alpha` to (hotkey, coldkey, netuid) by issuing new shares at the pool's current share price. */
export function increaseStake(hotkey: AccountId, coldkey: AccountId, netuid: number, alpha: bigint): void {
  if (alpha <= 0n) return;
  const totalAlpha = S.TotalHotkeyAlpha.get(hotkey, netuid);
  const totalShares = S.TotalHotkeyShares.get(hotkey, netuid).bits;
  let newShares: bigint;
  if (totalAlpha === 0n || totalShares === 0n) {
    // Empty (or fully drained) pool: restart it at one share per alpha. Shares left over from a drained pool are
    // worthless and dropped so they cannot claim the new deposit (only then is the hotkey's Alpha prefix scanned).
    if (totalShares !== 0n) for (const [[, cold, n]] of S.Alpha.iterPrefix(hotkey)) if (n === netuid) S.Alpha.remove(hotkey, cold, netuid);
    newShares = alpha << FRAC;
    S.TotalHotkeyShares.set(hotkey, netuid, { bits: newShares });
    S.Alpha.set(hotkey, coldkey, netuid, { bits: newShares });
  } else {
    newShares = (alpha * totalShares) / totalAlpha;
    const next = totalShares + newShares;
    S.TotalHotkeyShares.set(hotkey, netuid, { bits: next > U128_MAX ? U128_MAX : next });
    S.Alpha.mutate([hotkey, coldkey, netuid], v => ({ bits: v.bits + newShares }));
  }
  S.TotalHotkeyAlpha.set(hotkey, netuid, totalAlpha + alpha > U64_MAX ? U64_MAX : totalAlpha + alpha);
}

/**
 * Debits `alpha` from (hotkey, coldkey, netuid); the caller has checked alpha ≤ stakeOf. Removing the whole stake
 * removes all of the coldkey's shares; otherwise the shares removed are rounded up so the rest of the pool never
 * loses value.
 */
export function decreaseStake(hotkey: AccountId, coldkey: AccountId, netuid: number, alpha: bigint): void {
  if (alpha <= 0n) return;
  const current = stakeOf(hotkey, coldkey, netuid);
  if (alpha > current) throw new Error('decreaseStake above stake');
  const shares = S.Alpha.get(hotkey, coldkey, netuid).bits;
  const totalShares = S.TotalHotkeyShares.get(hotkey, netuid).bits;
  const totalAlpha = S.TotalHotkeyAlpha.get(hotkey, netuid);
  let removeShares: bigint;
  if (alpha === current) removeShares = shares;
  else {
    removeShares = (alpha * totalShares + totalAlpha - 1n) / totalAlpha;
    if (removeShares > shares) removeShares = shares;
  }
  const left = shares - removeShares;
  if (left === 0n) S.Alpha.remove(hotkey, coldkey, netuid);
  else S.Alpha.set(hotkey, coldkey, netuid, { bits: left });
  const sharesLeft = totalShares - removeShares;
  const alphaLeft = totalAlpha - alpha;
  S.TotalHotkeyShares.set(hotkey, netuid, { bits: sharesLeft });
  S.TotalHotkeyAlpha.set(hotkey, netuid, sharesLeft === 0n ? 0n : alphaLeft);
  if (sharesLeft === 0n && alphaLeft > 0n) {
    // Rounding dust with no share holder left: it stays nowhere (subtensor's pool behaves the same way).
    S.TotalHotkeyAlpha.set(hotkey, netuid, 0n);
  }
}

/** Adds `alpha` to the hotkey's pool as a whole: every nominator gains pro rata (dividends after take). */
export function increasePool(hotkey: AccountId, netuid: number, alpha: bigint): void {
  if (alpha <= 0n) return;
  S.TotalHotkeyAlpha.mutate(hotkey, netuid, v => (v + alpha > U64_MAX ? U64_MAX : v + alpha));
}

/** Adds `hotkey` to StakingHotkeys[coldkey] if missing. */
export function noteStakingHotkey(coldkey: AccountId, hotkey: AccountId): void {
  const list = S.StakingHotkeys.get(coldkey);
  if (!list.some(h => bytesEqual(h, hotkey))) S.StakingHotkeys.set(coldkey, [...list, hotkey]);
}

export { bytesEqual as eqBytes };
