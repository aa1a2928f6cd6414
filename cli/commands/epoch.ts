// epoch explain: the next epoch of a subnet with its intermediate vectors (dev_epochExplain, subtensor-ts only),
// optionally with what-if overrides of weights, stakes and hyperparameters.
import { Command } from 'commander';
import { rawRpc, withApi } from '../chain.ts';
import { c, emit, parseTao, table, UsageError } from '../ui.ts';
import { common, netuidOpt } from '../options.ts';

const collect = (v: string, prev: string[]) => [...prev, v];

/** "--weights 0:3=1,4=0.5" → { 0: [[3, 65535], [4, 32768]] } (max-upscaled as set_weights stores rows). */
function weightOverrides(specs: string[]): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  for (const s of specs) {
    const m = /^(\d+):(.*)$/.exec(s);
    if (!m) throw new UsageError(`--weights "${s}": expected <uid>:<uid>=<weight>,… e.g. 0:3=1,4=0.5`);
    const pairs = m[2].split(',').filter(Boolean).map(p => {
      const q = /^(\d+)=(\d+(?:\.\d+)?)$/.exec(p.trim());
      if (!q) throw new UsageError(`--weights "${s}": "${p}" is not <uid>=<weight>`);
      return [Number(q[1]), Number(q[2])] as [number, number];
    });
    const max = Math.max(0, ...pairs.map(p => p[1]));
    out[m[1]] = pairs.map(([j, w]) => [j, max === 0 ? 0 : Math.round((w / max) * 65535)]);
  }
  return out;
}

function stakeOverrides(specs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of specs) {
    const m = /^(\d+)=(.+)$/.exec(s);
    if (!m) throw new UsageError(`--stake "${s}": expected <uid>=<alpha>, e.g. 1=1000`);
    out[m[1]] = parseTao(m[2], `--stake ${m[1]}`).toString();
  }
  return out;
}

function paramOverrides(specs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of specs) {
    const m = /^(\w+)=(.+)$/.exec(s);
    if (!m) throw new UsageError(`--set "${s}": expected <name>=<value>, e.g. kappa=32767 or yuma3=true`);
    out[m[1]] = m[2] === 'true' ? true : m[2] === 'false' ? false : m[2];
  }
  return out;
}

const f4 = (x: number) => x.toFixed(4);

export function epochCommand(): Command {
  const cmd = new Command('epoch').description("a subnet's epoch: explain (what it will compute, and what-if)");
  netuidOpt(common(cmd.command('explain').description('run the next epoch on a throwaway copy of the state and show every step (dev_epochExplain)'), true))
    .option('--weights <uid:uid=w,...>', "what-if: replace a validator's weights row (repeatable)", collect, [])
    .option('--stake <uid=alpha>', "what-if: replace a uid's alpha stake (repeatable)", collect, [])
    .option('--set <name=value>', 'what-if: override a hyperparameter (kappa, bondsPenalty, yuma3, liquidAlpha, maxAllowedValidators, activityCutoff, emission, …; repeatable)', collect, [])
    .option('--matrices', 'also print the weights, clipped weights and bonds matrices')
    .action(async o => withApi(o.ws, async api => {
      const overrides: Record<string, unknown> = {};
      if (o.weights.length) overrides.weights = weightOverrides(o.weights);
      if (o.stake.length) overrides.alphaStake = stakeOverrides(o.stake);
      if (o.set.length) overrides.hyperparameters = paramOverrides(o.set);
      let e: any;
      try {
        e = await rawRpc(api, 'dev_epochExplain', Object.keys(overrides).length ? [o.netuid, overrides] : [o.netuid]);
      } catch (err) {
        const msg = (err as Error).message;
        if (/Method not found|-32601/.test(msg)) throw new UsageError('this chain does not serve dev_epochExplain: epoch explain needs a subtensor-ts node (`subtensor-ts dev`)');
        throw new UsageError(`epoch explain: ${msg.replace(/^-?\d+: /, '')}`);
      }
      emit(o.json, e, () => {
        const I = e.intermediates, O = e.outputs, P = e.parameters;
        const head = `Epoch of subnet ${e.netuid} at block ${e.block}${Object.keys(overrides).length ? c.yellow(' (what-if)') : ''} — ` +
          `emission ${(Number(P.emission) / 1e9).toFixed(4)} α, kappa ${f4(P.kappa / 65535)}, ${P.yuma3 ? 'Yuma3' : 'classic Yuma'}` +
          `${P.liquidAlpha ? ' + liquid alpha' : ''}, activity cutoff ${P.activityCutoff} blocks`;
        const rows = e.uids.map((uid: number) => [
          uid, e.hotkeys[uid].slice(0, 10) + '…', I.active[uid] ? 'yes' : c.dim('no'), f4(I.stake[uid]), I.validatorPermit[uid] ? 'yes' : '',
          f4(I.activeStake[uid]), f4(I.consensus[uid]), f4(I.validatorTrust[uid]), f4(I.ranks[uid]), f4(I.incentive[uid]), f4(I.dividends[uid]),
          (Number(O.emission[uid]) / 1e9).toFixed(4),
        ]);
        let out = table(['UID', 'Hotkey', 'Active', 'Stake S', 'Permit', 'Active S', 'Consensus', 'VTrust', 'Rank', 'Incentive', 'Dividends', 'Emission (α)'], rows, head);
        if (o.matrices) {
          const mat = (name: string, m: [number, number][][]) => table(['UID', ...e.uids.map(String)],
            m.map((row, i) => [i, ...e.uids.map((j: number) => { const cell = row.find(p => p[0] === j); return cell ? f4(cell[1]) : ''; })]), name);
          out += '\n' + mat('Weights (masked, row-normalised)', I.weights) + '\n' + mat('Clipped weights', I.clippedWeights) +
            '\n' + mat('Bonds before', I.bondsBefore) + '\n' + mat('Bonds after', I.bondsAfter);
        }
        return out;
      });
    }));
  return cmd;
}
