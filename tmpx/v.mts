import { devPulse, DEV_BEACON_PUBLIC_KEY } from '../node/drand.ts';
import { decodeG1, decodeG2, verifyRoundSignature } from '../runtime/crypto/drand.ts';
const pk = decodeG2(DEV_BEACON_PUBLIC_KEY)!;
for (let i = 0; i < 6; i++) {
  let t = performance.now(); const p = devPulse(1000n + BigInt(i)); const ts = performance.now() - t;
  t = performance.now(); const sig = decodeG1(p.signature)!; const td = performance.now() - t;
  t = performance.now(); const ok = verifyRoundSignature(pk, sig, 1000n + BigInt(i)); const tv = performance.now() - t;
  console.log(`sign ${ts.toFixed(1)} ms, decode ${td.toFixed(1)} ms, verify ${tv.toFixed(1)} ms`, ok);
}
