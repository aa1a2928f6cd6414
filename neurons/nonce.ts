// time.time_ns() for nonces: wall-clock nanoseconds, strictly increasing within the process (two requests in the same
// millisecond must not share a nonce, or the axon's "newer nonce" rule rejects the second).
let last = 0n;
const originNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
export function timeNs(): bigint {
  const now = originNs + process.hrtime.bigint();
  last = now > last ? now : last + 1n;
  return last;
}
