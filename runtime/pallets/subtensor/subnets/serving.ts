// Axon / Prometheus endpoints (HEAD subnets/serving.rs): signed by the hotkey, validated in subtensor's order,
// rate-limited by ServingRateLimit (0 disables it; the first serve is free).
import { type Origin, ensureSigned } from '../../../frame/dispatch.ts';
import { subnetStorage as S, type AxonInfoValue } from './storage.ts';
import { ensure, emit, currentBlock, isHotkeyRegisteredOnNetwork } from './helpers.ts';

const U32_MAX = 0xffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;

export const isValidIpType = (ipType: number): boolean => ipType === 4 || ipType === 6;

export function isValidIpAddress(ipType: number, addr: bigint, allowZero: boolean): boolean {
  if (!allowZero && addr === 0n) return false;
  if (ipType === 4 && (addr >= U32_MAX || addr === 0x7f00_0001n)) return false;
  if (ipType === 6 && (addr === U128_MAX || addr === 1n)) return false;
  return true;
}

function passesServingRateLimit(netuid: number, lastServe: bigint, now: bigint): boolean {
  const limit = S.ServingRateLimit.get(netuid);
  return limit === 0n || lastServe === 0n || (now > lastServe ? now - lastServe : 0n) >= limit;
}

export interface AxonArgs { netuid: number; version: number; ip: bigint; port: number; ip_type: number; protocol: number; placeholder1: number; placeholder2: number }

/** `do_serve_axon` (serve_axon 4, serve_axon_tls 40 with a certificate). */
export function doServeAxon(origin: Origin, a: AxonArgs, certificate: Uint8Array | null): void {
  const hotkey = ensureSigned(origin);
  ensure(isHotkeyRegisteredOnNetwork(a.netuid, hotkey), 'HotKeyNotRegisteredInNetwork');
  ensure(isValidIpType(a.ip_type), 'InvalidIpType');
  ensure(isValidIpAddress(a.ip_type, a.ip, true), 'InvalidIpAddress');
  const prev = S.Axons.get(a.netuid, hotkey);
  const now = currentBlock();
  ensure(passesServingRateLimit(a.netuid, prev?.block ?? 0n, now), 'ServingRateLimitExceeded');
  ensure(a.port !== 0, 'InvalidPort');
  // NeuronCertificate::try_from: at most 65 bytes, first byte the algorithm, the rest the public key.
  if (certificate !== null && certificate.length <= 65 && certificate.length > 0) {
    S.NeuronCertificates.set(a.netuid, hotkey, { algorithm: certificate[0], public_key: certificate.slice(1) });
  }
  const axon: AxonInfoValue = {
    block: now, version: a.version, ip: a.ip, port: a.port, ip_type: a.ip_type,
    protocol: a.protocol, placeholder1: a.placeholder1, placeholder2: a.placeholder2,
  };
  S.Axons.set(a.netuid, hotkey, axon);
  emit('AxonServed', [a.netuid, hotkey]);
}

/** `do_serve_prometheus` (serve_prometheus 5): zero IPs are rejected here, unlike axons. */
export function doServePrometheus(origin: Origin, netuid: number, version: number, ip: bigint, port: number, ipType: number): void {
  const hotkey = ensureSigned(origin);
  ensure(isValidIpType(ipType), 'InvalidIpType');
  ensure(isValidIpAddress(ipType, ip, false), 'InvalidIpAddress');
  ensure(isHotkeyRegisteredOnNetwork(netuid, hotkey), 'HotKeyNotRegisteredInNetwork');
  const prev = S.Prometheus.get(netuid, hotkey);
  const now = currentBlock();
  ensure(passesServingRateLimit(netuid, prev?.block ?? 0n, now), 'ServingRateLimitExceeded');
  ensure(port !== 0, 'InvalidPort');
  S.Prometheus.set(netuid, hotkey, { block: now, version, ip, port, ip_type: ipType });
  emit('PrometheusServed', [netuid, hotkey]);
}
