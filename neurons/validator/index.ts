// A validator: each round it samples tasks from the held-out digits, sends them to every served miner through the
// dendrite, scores each answer for quality (accuracy against the labels) and speed, folds the score into a moving
// average and sets weights on chain — as commit_weights + reveal_weights when the subnet has commit-reveal on.
import type { ApiPromise } from '@polkadot/api';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { Dendrite } from '../dendrite/index.ts';
import { Classify } from '../protocol.ts';
import { Metagraph } from '../metagraph.ts';
import { send, signer } from '../chain.ts';
import { heldOut, prng, type Sample } from '../data/digits.ts';
import type { Keypair } from '../wallet/index.ts';

export interface ValidatorOptions {
  api: ApiPromise; hotkey: Keypair; netuid: number;
  tasksPerRound?: number; timeout?: number;
  /** Weight of the newest round in the moving average (0..1]. */
  alpha?: number;
  /** Share of the score that rewards speed: score = accuracy × (1 − latencyShare × min(1, latency / timeout)). */
  latencyShare?: number;
}

export interface MinerResult { uid: number; hotkey: string; status: number; accuracy: number; latency: number; score: number; ema: number; model: string | null }
export interface RoundReport { round: number; block: number; results: MinerResult[]; weights: { uid: number; weight: number }[]; committed: boolean }

export const U16_MAX = 65535;

/** Scores → u16 weights, the largest at 65535 (what the SDK's convert_weights_and_uids_for_emit does). */
export function toU16Weights(scores: Map<number, number>): { uids: number[]; values: number[] } {
  const entries = [...scores.entries()].filter(([, s]) => s > 0).sort((a, b) => a[0] - b[0]);
  const max = Math.max(0, ...entries.map(([, s]) => s));
  if (max === 0) return { uids: [], values: [] };
  return { uids: entries.map(([u]) => u), values: entries.map(([, s]) => Math.round((s / max) * U16_MAX)) };
}

export class Validator {
  readonly dendrite: Dendrite;
  readonly ema = new Map<number, number>();
  private pool: Sample[] = heldOut(1000);
  private roundNo = 0;
  private pendingReveal: { uids: number[]; values: number[]; salt: number[]; versionKey: bigint } | null = null;
  private o: Required<Omit<ValidatorOptions, 'api' | 'hotkey' | 'netuid'>> & ValidatorOptions;

  constructor(o: ValidatorOptions) {
    this.o = { tasksPerRound: 32, timeout: 5, alpha: 0.5, latencyShare: 0.1, ...o };
    this.dendrite = new Dendrite(o.hotkey);
  }

  private sample(): Sample[] {
    const rand = prng(0x5eed + this.roundNo * 7919);
    return Array.from({ length: this.o.tasksPerRound }, () => this.pool[Math.floor(rand() * this.pool.length)]);
  }

  async round(): Promise<RoundReport> {
    this.roundNo++;
    const { api, netuid, hotkey } = this.o;
    const mg = await Metagraph.sync(api, netuid);
    const self = mg.uidOf(hotkey.ss58Address);
    if (self < 0) throw new Error(`validator hotkey ${hotkey.ss58Address} is not registered on subnet ${netuid}`);
    const tasks = this.sample();
    const features = tasks.map(t => t.features);
    const miners = mg.axons.map((a, uid) => ({ a, uid })).filter(({ a, uid }) => a.served && uid !== self);
    const answers = await Promise.all(miners.map(({ a }) => this.dendrite.call(a, Classify, { task_id: `r${this.roundNo}`, features }, this.o.timeout)));
    const results: MinerResult[] = miners.map(({ uid }, i) => {
      const syn = answers[i];
      const status = syn.dendrite.status_code ?? 0;
      const preds = syn.predictions as number[] | null;
      const ok = status === 200 && Array.isArray(preds) && preds.length === tasks.length;
      const accuracy = ok ? preds!.filter((p, k) => p === tasks[k].label).length / tasks.length : 0;
      const latency = syn.dendrite.process_time ?? this.o.timeout;
      const score = accuracy * (1 - this.o.latencyShare * Math.min(1, latency / this.o.timeout));
      const ema = this.o.alpha * score + (1 - this.o.alpha) * (this.ema.get(uid) ?? 0);
      this.ema.set(uid, ema);
      return { uid, hotkey: mg.hotkeys[uid], status, accuracy, latency, score, ema, model: (syn.model as string | null) ?? null };
    });
    // Neurons no longer served keep decaying towards 0.
    for (const [uid, v] of this.ema) if (!miners.some(m => m.uid === uid)) this.ema.set(uid, (1 - this.o.alpha) * v);
    const { uids, values } = toU16Weights(this.ema);
    const committed = await this.setWeights(mg, uids, values);
    const total = values.reduce((a, b) => a + b, 0);
    return { round: this.roundNo, block: mg.block, results, weights: uids.map((u, i) => ({ uid: u, weight: total ? values[i] / total : 0 })), committed };
  }

  private async setWeights(mg: Metagraph, uids: number[], values: number[]): Promise<boolean> {
    if (uids.length === 0) return false;
    const { api, netuid, hotkey } = this.o;
    const versionKey = BigInt((await (api.query.subtensorModule as any).weightsVersionKey(netuid)).toString());
    const who = signer(hotkey);
    if (!mg.commitRevealEnabled) {
      await send(api, api.tx.subtensorModule.setWeights(netuid, uids, values, versionKey), who);
      return false;
    }
    // Commit-reveal v2: reveal the previous commit when its period has come, then commit the new weights.
    if (this.pendingReveal) {
      const p = this.pendingReveal;
      try { await send(api, api.tx.subtensorModule.revealWeights(netuid, p.uids, p.values, p.salt, p.versionKey), who); this.pendingReveal = null; } catch { /* too early: keep it */ }
    }
    if (!this.pendingReveal) {
      const salt = Array.from({ length: 8 }, (_, i) => (this.roundNo * 131 + i * 17) & 0xffff);
      const hash = commitHash(api, hotkey.publicKey, netuid, uids, values, salt, versionKey);
      await send(api, api.tx.subtensorModule.commitWeights(netuid, hash), who);
      this.pendingReveal = { uids, values, salt, versionKey };
    }
    return true;
  }
}

/** subtensor's commit hash: blake2_256(SCALE(who, netuid: u16, uids: Vec<u16>, values: Vec<u16>, salt: Vec<u16>, version_key: u64)). */
export function commitHash(api: ApiPromise, who: Uint8Array, netuid: number, uids: number[], values: number[], salt: number[], versionKey: bigint): Uint8Array {
  const enc = api.createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [who, netuid, uids, values, salt, versionKey]).toU8a();
  return blake2AsU8a(enc, 256);
}
