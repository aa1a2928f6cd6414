// SubtensorModule genesis (HEAD macros/genesis.rs, spec §1.3): root subnet 0 and the pre-seeded dynamic subnet 1
// with one neuron (the all-zero account at uid 0) and a 10 TAO / 10 alpha pool; TotalIssuance mirrors the
// balances' issuance. Root's owner is Alice (hotkey //Alice_hk) in fast-runtime builds, the zero account otherwise.
import { ZERO_ACCOUNT, type AccountId } from '../../primitives.ts';
import { runtimeConfig } from '../../config.ts';
import { fromHex } from '../../codec/scale.ts';
import * as Balances from '../balances/index.ts';
import { subnetStorage as S } from './subnets/storage.ts';
import { stakingStorage as K } from './staking/storage.ts';
import { noteStakingHotkey } from './staking/shares.ts';
import { symbolForSubnet } from './subnets/symbols.ts';

export const ALICE: AccountId = fromHex('0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d');
/** sr25519 public key of //Alice_hk. */
export const ALICE_HK: AccountId = fromHex('0x506c5a28f51e841b4df26ace64a23d69057fefda24bc9a53cb74197f901e7128');

export interface SubtensorGenesisConfig {
  /** Issuance to record in SubtensorModule.TotalIssuance; defaults to Balances' TotalIssuance after its genesis. */
  balancesIssuance?: bigint;
  /** Overrides StartCallDelay. */
  startCallDelay?: bigint | null;
}

export function subtensorGenesis(config: SubtensorGenesisConfig = {}): void {
  const rootOwner = runtimeConfig.fastRuntime ? ALICE : ZERO_ACCOUNT;
  const rootOwnerHotkey = runtimeConfig.fastRuntime ? ALICE_HK : ZERO_ACCOUNT;
  K.TotalIssuance.set(config.balancesIssuance ?? Balances.totalIssuance());
  if (config.startCallDelay !== undefined && config.startCallDelay !== null) S.StartCallDelay.set(config.startCallDelay);

  // Root subnet 0.
  S.NetworksAdded.set(0, true);
  S.TotalNetworks.mutate(n => n + 1);
  S.SubnetOwner.set(0, rootOwner);
  S.SubnetOwnerHotkey.set(0, rootOwnerHotkey);
  S.SubnetworkN.set(0, 0);
  S.MaxAllowedUids.set(0, 64);
  S.MaxAllowedValidators.set(0, 64);
  S.MinAllowedWeights.set(0, 0);
  S.Tempo.set(0, 100);
  S.NetworkRegistrationAllowed.set(0, true);
  S.TargetRegistrationsPerInterval.set(0, 1);
  S.TokenSymbol.set(0, symbolForSubnet(0));

  // Subnet 1: dynamic, one neuron (the zero account, owning itself), 10 TAO / 10 alpha in the pool, 1 alpha staked.
  const netuid = 1;
  const hotkey = ZERO_ACCOUNT;
  K.SubnetMechanism.set(netuid, 1);
  S.Owner.set(hotkey, hotkey);
  K.SubnetAlphaIn.set(netuid, 10_000_000_000n);
  K.SubnetTAO.set(netuid, 10_000_000_000n);
  S.NetworksAdded.set(netuid, true);
  S.TotalNetworks.mutate(n => n + 1);
  S.MaxAllowedUids.set(netuid, 256);
  S.MaxAllowedValidators.set(netuid, 64);
  S.MinAllowedWeights.set(netuid, 0);
  S.Tempo.set(netuid, 100);
  S.NetworkRegistrationAllowed.set(netuid, true);
  S.SubnetOwner.set(netuid, hotkey);
  S.SubnetLocked.set(netuid, 1n);
  S.LargestLocked.set(netuid, 1n);
  // subtensor writes AlphaV2/TotalHotkeySharesV2 (SafeFloat); this port's share pool is Alpha/TotalHotkeyShares.
  const shares = { bits: 1_000_000_000n << 64n };
  K.Alpha.set(hotkey, hotkey, netuid, shares);
  K.TotalHotkeyAlpha.set(hotkey, netuid, 1_000_000_000n);
  K.TotalHotkeyShares.set(hotkey, netuid, shares);
  K.SubnetAlphaOut.set(netuid, 1_000_000_000n);
  noteStakingHotkey(hotkey, hotkey);

  const block = 0n;
  S.SubnetworkN.set(netuid, 1);
  S.Active.mutate(netuid, v => [...v, true]);
  S.Emission.mutate(netuid, v => [...v, 0n]);
  S.Consensus.mutate(netuid, v => [...v, 0]);
  S.Incentive.mutate(netuid, v => [...v, 0]);
  S.Dividends.mutate(netuid, v => [...v, 0]);
  S.LastUpdate.mutate(netuid, v => [...v, block]);
  S.ValidatorTrust.mutate(netuid, v => [...v, 0]);
  S.ValidatorPermit.mutate(netuid, v => [...v, false]);
  S.Keys.set(netuid, 0, hotkey);
  S.Uids.set(netuid, hotkey, 0);
  S.BlockAtRegistration.set(netuid, 0, block);
  S.IsNetworkMember.set(hotkey, netuid, true);
  S.TokenSymbol.set(netuid, symbolForSubnet(netuid));
}
