// subnets list | show | create | register | start | hyperparameters | set | metagraph (btcli's `subnets` and
// `sudo set`), and the top-level `metagraph`.
import { Command } from 'commander';
import type { ApiPromise } from '@polkadot/api';
import { eventOf, hotkeyAddress, send, signer, withApi } from '../chain.ts';
import { allSubnets, hyperparameters, metagraph, subnet } from '../../client/reads.ts';
import { c, emit, table, tao, u16f, UsageError } from '../ui.ts';
import { common, keys, netuidOpt } from '../options.ts';

// btcli's HYPERPARAMS: name → AdminUtils call, and whether only the chain's sudo key may set it.
export const HYPERPARAMS: Record<string, [string, boolean]> = {
  rho: ['sudoSetRho', false], kappa: ['sudoSetKappa', true], immunity_period: ['sudoSetImmunityPeriod', false],
  min_allowed_weights: ['sudoSetMinAllowedWeights', false], max_weights_limit: ['sudoSetMaxWeightLimit', false],
  tempo: ['sudoSetTempo', true], min_difficulty: ['sudoSetMinDifficulty', true], max_difficulty: ['sudoSetMaxDifficulty', false],
  weights_version: ['sudoSetWeightsVersionKey', false], weights_rate_limit: ['sudoSetWeightsSetRateLimit', true],
  adjustment_interval: ['sudoSetAdjustmentInterval', true], activity_cutoff: ['sudoSetActivityCutoff', false],
  target_regs_per_interval: ['sudoSetTargetRegistrationsPerInterval', true], min_burn: ['sudoSetMinBurn', false],
  max_burn: ['sudoSetMaxBurn', true], bonds_moving_avg: ['sudoSetBondsMovingAverage', false],
  max_regs_per_block: ['sudoSetMaxRegistrationsPerBlock', true], serving_rate_limit: ['sudoSetServingRateLimit', false],
  max_validators: ['sudoSetMaxAllowedValidators', true], adjustment_alpha: ['sudoSetAdjustmentAlpha', false],
  difficulty: ['sudoSetDifficulty', true], commit_reveal_period: ['sudoSetCommitRevealWeightsInterval', false],
  commit_reveal_weights_enabled: ['sudoSetCommitRevealWeightsEnabled', false], liquid_alpha_enabled: ['sudoSetLiquidAlphaEnabled', false],
  registration_allowed: ['sudoSetNetworkRegistrationAllowed', true], network_pow_registration_allowed: ['sudoSetNetworkPowRegistrationAllowed', false],
  yuma3_enabled: ['sudoSetYuma3Enabled', false], alpha_sigmoid_steepness: ['sudoSetAlphaSigmoidSteepness', true],
  bonds_reset_enabled: ['sudoSetBondsResetEnabled', false], transfers_enabled: ['sudoSetToggleTransfer', false],
  max_allowed_uids: ['sudoSetMaxAllowedUids', false], bonds_penalty: ['sudoSetBondsPenalty', false],
};

export function subnetName(s: { netuid: number; name: string; symbol: string }): string {
  return `${s.netuid === 0 ? 'τ' : s.symbol} ${s.name || (s.netuid === 0 ? 'root' : `subnet ${s.netuid}`)}`.trim();
}

export async function renderMetagraph(api: ApiPromise, netuid: number, json: boolean): Promise<void> {
  const [info, mg] = await Promise.all([subnet(api, netuid), metagraph(api, netuid)]);
  emit(json, { netuid, block: mg.block, neurons: mg.neurons }, () => table(
    ['UID', `Stake (${info.symbol})`, `Alpha (${info.symbol})`, 'Tao (τ)', 'Dividends', 'Incentive', `Emissions (${info.symbol})`, 'VTrust', 'Hotkey', 'Coldkey'],
    mg.neurons.map(n => [
      n.validatorPermit ? c.green(String(n.uid)) : n.uid, tao(n.totalStake), tao(n.alphaStake), tao(n.taoStake),
      u16f(n.dividends), u16f(n.incentive), tao(n.emission), u16f(n.validatorTrust), n.hotkey, n.coldkey,
    ]),
    `Subnet ${netuid}: ${subnetName(info)} — block ${mg.block}, ${mg.neurons.length} neurons (green uid = validator permit)`,
  ));
}

/** Parses a hyperparameter value for the call's second argument type (bool or unsigned integer). */
function paramValue(api: ApiPromise, method: string, raw: string): unknown {
  const args = (api.tx.adminUtils as any)[method].meta.args;
  const type = args[args.length - 1].type.toString();
  if (type === 'bool') {
    if (!/^(true|false|1|0)$/i.test(raw)) throw new UsageError(`--value must be true or false for this parameter (got "${raw}")`);
    return /^(true|1)$/i.test(raw);
  }
  if (!/^\d+$/.test(raw)) throw new UsageError(`--value must be a non-negative integer (${type}) for this parameter (got "${raw}")`);
  return BigInt(raw);
}

export function subnetsCommand(): Command {
  const cmd = new Command('subnets').alias('s').alias('subnet').description('subnets: list, show, create, register, hyperparameters');

  common(cmd.command('list').description('every subnet with its pool price, TAO in, emission and tempo'), true)
    .action(async o => withApi(o.ws, async api => {
      const rows = await allSubnets(api);
      emit(o.json, rows, () => table(
        ['Netuid', 'Name', 'Price (τ_in/α_in)', 'Market Cap (α * Price)', 'Emission (τ)', 'P (τ_in, α_in)', 'Stake (α_out)', 'Supply (α)', 'Tempo (k/n)'],
        rows.map(s => [
          s.netuid, subnetName(s), `${s.price.toFixed(4)} τ/${s.symbol}`, `τ ${tao(BigInt(Math.round(Number(s.alphaIn + s.alphaOut) * s.price)))}`,
          `τ ${tao(s.netuid === 0 ? 0n : s.taoInEmission)}`, s.netuid === 0 ? '-, -' : `τ ${tao(s.taoIn)}, ${tao(s.alphaIn)} ${s.symbol}`,
          `${tao(s.alphaOut)} ${s.symbol}`, `${tao(s.alphaIn + s.alphaOut)} ${s.symbol}`,
          s.netuid === 0 ? '-/-' : `${s.blocksSinceLastStep}/${s.tempo}`,
        ]), 'Subnets'));
    }));

  netuidOpt(common(cmd.command('show').description("a subnet's pool and its metagraph"), true))
    .action(async o => withApi(o.ws, api => renderMetagraph(api, o.netuid, o.json)));
  netuidOpt(common(cmd.command('metagraph').description('the metagraph of a subnet (same as `metagraph`)'), true))
    .action(async o => withApi(o.ws, api => renderMetagraph(api, o.netuid, o.json)));

  netuidOpt(common(cmd.command('hyperparameters').alias('hyperparams').description("a subnet's hyperparameters (get_subnet_hyperparams_v2)"), true))
    .action(async o => withApi(o.ws, async api => {
      const h = await hyperparameters(api, o.netuid);
      emit(o.json, h, () => table(['HYPERPARAMETER', 'VALUE', 'SETTABLE BY'],
        Object.entries(h).map(([k, v]) => [k, String(v), HYPERPARAMS[k] ? (HYPERPARAMS[k][1] ? 'sudo' : 'owner') : '-']),
        `Subnet ${o.netuid} hyperparameters`));
    }));

  keys(netuidOpt(common(cmd.command('set').description('set a hyperparameter (btcli `sudo set`): owner parameters signed by the owner coldkey, root-only ones by the sudo key'), false)), false)
    .requiredOption('--param <name>', 'hyperparameter name, as `subnets hyperparameters` lists it')
    .requiredOption('--value <value>', 'new value (true/false or an integer)')
    .action(async o => withApi(o.ws, async api => {
      const entry = HYPERPARAMS[o.param];
      if (!entry) throw new UsageError(`unknown hyperparameter "${o.param}": one of ${Object.keys(HYPERPARAMS).join(', ')}`);
      const [method, rootOnly] = entry;
      const key = await signer(o, 'coldkey');
      const call = (api.tx.adminUtils as any)[method](o.netuid, paramValue(api, method, o.value));
      await send(api, rootOnly ? api.tx.sudo.sudo(call) : call, key, { netuid: o.netuid });
      process.stdout.write(`${c.green('✔')} ${o.param} = ${o.value} on subnet ${o.netuid}\n`);
    }));

  keys(common(cmd.command('create').description('register a new subnet (register_network); the owner hotkey becomes uid 0'), false), true)
    .action(async o => withApi(o.ws, async api => {
      const key = await signer(o, 'coldkey');
      const hotkey = await hotkeyAddress(o, key.address);
      const { events } = await send(api, api.tx.subtensorModule.registerNetwork(hotkey), key);
      const netuid = Number(eventOf(events, 'subtensorModule', 'NetworkAdded')?.data[0].toString());
      process.stdout.write(`${c.green('✔')} subnet ${netuid} created; owner hotkey ${hotkey}. Start it with \`subtensor-ts subnets start --netuid ${netuid}\`\n`);
    }));

  keys(netuidOpt(common(cmd.command('start').description("start a subnet's emission (start_call), by its owner"), false)), false)
    .action(async o => withApi(o.ws, async api => {
      await send(api, api.tx.subtensorModule.startCall(o.netuid), await signer(o, 'coldkey'), { netuid: o.netuid });
      process.stdout.write(`${c.green('✔')} subnet ${o.netuid} started\n`);
    }));

  keys(netuidOpt(common(cmd.command('register').description('register a hotkey on a subnet by burning TAO (burned_register)'), false)), true)
    .action(async o => withApi(o.ws, async api => {
      const key = await signer(o, 'coldkey');
      const hotkey = await hotkeyAddress(o, key.address);
      const { events } = await send(api, api.tx.subtensorModule.burnedRegister(o.netuid, hotkey), key, { netuid: o.netuid });
      const ev = eventOf(events, 'subtensorModule', 'NeuronRegistered');
      process.stdout.write(`${c.green('✔')} ${hotkey} registered on subnet ${o.netuid} as uid ${ev?.data[1].toString()}\n`);
    }));
  return cmd;
}

export function metagraphCommand(): Command {
  return netuidOpt(common(new Command('metagraph').description('the metagraph of a subnet: stake, incentive, dividends, trust, emission'), true))
    .action(async o => withApi(o.ws, api => renderMetagraph(api, o.netuid, o.json)));
}
