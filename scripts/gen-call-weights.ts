// Generates the declared-weight tables of SubtensorModule and AdminUtils calls from subtensor HEAD's Rust:
// each call's #[pallet::weight(...)] (pallets/subtensor/src/macros/dispatches.rs, pallets/admin-utils/src/lib.rs)
// resolved through the benchmarked weight functions (pallets/*/src/weights.rs, SubstrateWeight) into base ref_time,
// proof size, DB reads/writes (priced by RocksDbWeight at runtime), an optional per-item component, DispatchClass
// and Pays. Usage: npx tsx scripts/gen-call-weights.ts [path to the subtensor git repo]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const repo = process.argv[2] ?? '/work/.mirror/opentensor+subtensor/repo';
const show = (path: string) => execFileSync('git', ['-C', repo, 'show', `HEAD:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
const rev = execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

interface Parts { refTime: bigint; proofSize: bigint; reads: bigint; writes: bigint }
interface CallWeight extends Parts { index: number; perItem?: Parts & { arg: string }; class: string; pays: string }

const num = (s: string) => BigInt(s.replace(/_u64|_u32|u64|u32|_/g, ''));
const zero = (): Parts => ({ refTime: 0n, proofSize: 0n, reads: 0n, writes: 0n });

/** Sums one weight expression's terms (from_parts, DbWeight reads/writes/reads_writes, per-item mul). */
function parseExpr(expr: string, fns: Map<string, { base: Parts; perItem?: Parts }>, args: (a: string) => string): { base: Parts; perItem?: Parts & { arg: string } } {
  const wi = /WeightInfo::(\w+)\((.*)\)/.exec(expr);
  if (wi) {
    const f = fns.get(wi[1]);
    if (!f) throw new Error(`no weight fn ${wi[1]}`);
    return { base: f.base, perItem: f.perItem && { ...f.perItem, arg: args(wi[2]) } };
  }
  const base = zero();
  const fp = /Weight::from_parts\(([\d_]+),\s*([\d_]+)\)/.exec(expr);
  if (fp) { base.refTime = num(fp[1]); base.proofSize = num(fp[2]); }
  for (const m of expr.matchAll(/\.reads\(([\d_u]+)\)/g)) base.reads += num(m[1]);
  for (const m of expr.matchAll(/\.writes\(([\d_u]+)\)/g)) base.writes += num(m[1]);
  for (const m of expr.matchAll(/reads_writes\(([\d_u]+),\s*([\d_u]+)\)/g)) { base.reads += num(m[1]); base.writes += num(m[2]); }
  return { base };
}

/** The SubstrateWeight impl's functions: base and per-item parts. */
function weightFns(src: string): Map<string, { base: Parts; perItem?: Parts }> {
  const impl = src.slice(src.indexOf('WeightInfo for SubstrateWeight<T>'));
  const body = impl.slice(0, impl.indexOf('\n}\n'));
  const out = new Map<string, { base: Parts; perItem?: Parts }>();
  for (const m of body.matchAll(/fn (\w+)\(([^)]*)\)\s*->\s*Weight\s*\{([\s\S]*?)\n\t\}/g)) {
    const code = m[3].split('\n').filter(l => !l.trim().startsWith('//')).join(' ');
    const base = zero(), per = zero();
    let hasPer = false;
    const fp = /^\s*Weight::from_parts\(([\d_]+),\s*([\d_]+)\)/.exec(code);
    if (fp) { base.refTime = num(fp[1]); base.proofSize = num(fp[2]); }
    for (const t of code.split('.saturating_add(').slice(1)) {
      const mul = /saturating_mul\((\w+)\.into\(\)\)/.test(t);
      const tgt = mul ? per : base;
      if (mul) hasPer = true;
      const f2 = /Weight::from_parts\(([\d_]+),\s*([\d_]+)\)/.exec(t);
      if (f2) { tgt.refTime += num(f2[1]); tgt.proofSize += num(f2[2]); continue; }
      const r = /reads\(\(?([\d_u]+)/.exec(t); if (r) tgt.reads += num(r[1]);
      const w = /writes\(\(?([\d_u]+)/.exec(t); if (w) tgt.writes += num(w[1]);
    }
    out.set(m[1], hasPer ? { base, perItem: per } : { base });
  }
  return out;
}

/** Every call of a #[pallet::call] impl: index, name and the weight attribute's content. */
function calls(src: string): { index: number; name: string; weight: string }[] {
  const parts = src.split(/(pub fn \w+)/);
  const out: { index: number; name: string; weight: string }[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const pre = parts[i - 1].slice(-4000);
    const idx = [...pre.matchAll(/#\[pallet::call_index\((\d+)\)\]/g)].at(-1);
    const w = pre.lastIndexOf('#[pallet::weight');
    if (!idx || w < 0 || pre.lastIndexOf('fn ', pre.length) > w && pre.slice(w).includes(' fn ')) continue;
    let j = w + '#[pallet::weight'.length, depth = 0;
    const start = j;
    for (; ; j++) { if (pre[j] === '(') depth++; else if (pre[j] === ')' && --depth === 0) break; }
    const weight = pre.slice(start + 1, j).split('\n').map(l => l.replace(/\/\/.*$/, '')).join(' ').replace(/\s+/g, ' ');
    out.push({ index: Number(idx[1]), name: parts[i].slice(7), weight });
  }
  return out;
}

function table(dispatchSrc: string, weightsSrc: string): [string, CallWeight][] {
  const fns = weightFns(weightsSrc);
  return calls(dispatchSrc).map(({ index, name, weight }) => {
    const cls = /DispatchClass::(\w+)/.exec(weight)?.[1] ?? 'Normal';
    const pays = /Pays::(\w+)/.exec(weight)?.[1] ?? 'Yes';
    const argOf = (a: string) => (/^(\w+)\.len\(\)/.exec(a.trim())?.[1] ?? a.trim());
    const { base, perItem } = parseExpr(weight, fns, argOf);
    return [name, { index, ...base, ...(perItem ? { perItem } : {}), class: cls, pays }];
  });
}

const fmt = (v: bigint) => `${v.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '_')}n`;
function emit(constName: string, rows: [string, CallWeight][], sources: string): string {
  const lines = rows.sort((a, b) => a[1].index - b[1].index).map(([name, c]) => {
    const per = c.perItem ? `, perItem: { arg: '${c.perItem.arg}', refTime: ${fmt(c.perItem.refTime)}, proofSize: ${fmt(c.perItem.proofSize)}, reads: ${c.perItem.reads}, writes: ${c.perItem.writes} }` : '';
    return `  ${name}: { index: ${c.index}, refTime: ${fmt(c.refTime)}, proofSize: ${fmt(c.proofSize)}, reads: ${c.reads}, writes: ${c.writes}${per}, class: '${c.class}', pays: '${c.pays}' },`;
  });
  return `// GENERATED by scripts/gen-call-weights.ts from subtensor ${rev} (${sources}): do not edit.
// Per call: benchmarked base ref_time and proof size, DB reads/writes (priced with RocksDbWeight by
// frame/weights.ts), an optional per-item component, and HEAD's DispatchClass and Pays.
import type { CallWeightRow } from '../../frame/weights.ts';

export const ${constName}: Record<string, CallWeightRow> = {
${lines.join('\n')}
};
`;
}

const out = process.argv[3] ?? '.';
writeFileSync(`${out}/runtime/pallets/subtensor/call_weights.ts`, emit('SUBTENSOR_CALL_WEIGHTS',
  table(show('pallets/subtensor/src/macros/dispatches.rs'), show('pallets/subtensor/src/weights.rs')),
  'pallets/subtensor/src/macros/dispatches.rs, weights.rs'));
writeFileSync(`${out}/runtime/pallets/admin_utils/call_weights.ts`, emit('ADMIN_UTILS_CALL_WEIGHTS',
  table(show('pallets/admin-utils/src/lib.rs'), show('pallets/admin-utils/src/weights.rs')),
  'pallets/admin-utils/src/lib.rs, weights.rs'));
