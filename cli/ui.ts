// Output of the client commands: btcli-style tables (cli-table3), colours only on a TTY (picocolors), a progress
// bar for long work (cli-progress, TTY only), and --json for every read command.
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import cliProgress from 'cli-progress';
import { ClientError } from '../client/connect.ts';

const tty = !!process.stdout.isTTY && !process.env.NO_COLOR;
export const c = createColors(tty);

export const RAO_PER_TAO = 1_000_000_000n;

/** rao → "1,234.5678" (4 decimals, truncated as btcli's Balance prints). */
export function tao(rao: bigint | number | string, decimals = 4): string {
  const v = BigInt(rao);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = (a / RAO_PER_TAO).toLocaleString('en-US');
  const frac = (a % RAO_PER_TAO).toString().padStart(9, '0').slice(0, decimals);
  return `${neg ? '-' : ''}${whole}${decimals > 0 ? '.' + frac : ''}`;
}

/** "1.5" TAO → rao, exactly (no floating point). */
export function parseTao(s: string, what = 'amount'): bigint {
  const m = /^(\d+)(?:\.(\d{0,9}))?$/.exec(s.trim());
  if (!m) throw new UsageError(`${what} must be a number of TAO with at most 9 decimals, e.g. 1.5 (got "${s}")`);
  return BigInt(m[1]) * RAO_PER_TAO + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** u16 proportion (0..65535) → "0.1234". */
export const u16f = (v: number | bigint) => (Number(v) / 65535).toFixed(4);

/** A user mistake or a failed request: printed as "error: …" with what to do next; exit code 1. */
export const UsageError = ClientError;

export function table(head: string[], rows: (string | number)[][], title?: string): string {
  const t = new Table({
    head: head.map(h => c.bold(h)),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows) t.push(r.map(String));
  return (title ? c.bold(title) + '\n' : '') + t.toString();
}

/** Prints a read command's result: JSON (bigints as strings) with --json, else the rendered text. */
export function emit(json: boolean, data: unknown, render: () => string): void {
  if (json) process.stdout.write(JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
  else process.stdout.write(render() + '\n');
}

/** A step counter for multi-step work (submit → in block → finalized); silent when stderr is not a TTY. */
export function progress(total: number, label: string): { step(what: string): void; stop(): void } {
  if (!process.stderr.isTTY) return { step() {}, stop() {} };
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} {what}`, stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, { what: '' });
  return { step: what => bar.increment(1, { what }), stop: () => bar.stop() };
}
