// Raw linear-memory helpers. The module owns no GC heap (runtime stub): every array lives in one arena
// laid out by `layout()` from the problem size and grown with memory.grow when a bigger epoch arrives.

// @ts-ignore: decorator
@inline export function ldI64(base: usize, i: i32): i64 { return load<i64>(base + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function stI64(base: usize, i: i32, v: i64): void { store<i64>(base + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline export function ldU64(base: usize, i: i32): u64 { return load<u64>(base + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function stU64(base: usize, i: i32, v: u64): void { store<u64>(base + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline export function ldU32(base: usize, i: i32): u32 { return load<u32>(base + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function stU32(base: usize, i: i32, v: u32): void { store<u32>(base + (<usize>i << 2), v); }
// @ts-ignore: decorator
@inline export function ldI32(base: usize, i: i32): i32 { return load<i32>(base + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function ldU16(base: usize, i: i32): u32 { return <u32>load<u16>(base + (<usize>i << 1)); }
// @ts-ignore: decorator
@inline export function stU16(base: usize, i: i32, v: u32): void { store<u16>(base + (<usize>i << 1), <u16>v); }
// @ts-ignore: decorator
@inline export function ldU8(base: usize, i: i32): u32 { return <u32>load<u8>(base + <usize>i); }
// @ts-ignore: decorator
@inline export function stU8(base: usize, i: i32, v: u32): void { store<u8>(base + <usize>i, <u8>v); }

let arenaTop: usize = 0;

/** Start carving regions from the heap base. */
export function arenaReset(): void {
  arenaTop = (__heap_base + 15) & ~(<usize>15);
}

/** Reserve `bytes` (16-byte aligned) and return the region's address. */
export function take(bytes: usize): usize {
  const p = arenaTop;
  arenaTop = (arenaTop + bytes + 15) & ~(<usize>15);
  return p;
}

/** Grow linear memory so that everything reserved so far is addressable. */
export function arenaCommit(): void {
  const have = <usize>memory.size() << 16;
  if (arenaTop > have) {
    const pages = <i32>((arenaTop - have + 0xFFFF) >> 16);
    if (memory.grow(pages) < 0) unreachable();
  }
}
