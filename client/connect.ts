// A client connection to any subtensor endpoint (subtensor-ts or subtensor), shared by the CLI and the explorer:
// @polkadot/api with subtensor's payload-free transaction extensions declared, a fast "nobody answers" check, and raw
// requests for the methods the API does not decorate (dev_*).
import { ApiPromise, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import WebSocket from 'ws';

/** A failure the user can act on; the message says what to do next. */
export class ClientError extends Error {}

export const DEFAULT_WS = process.env.SUBTENSOR_WS ?? 'ws://127.0.0.1:9944';

// subtensor's transaction extensions that carry no data (the same declaration works against real subtensor).
const SIGNED_EXTENSIONS = Object.fromEntries(
  ['SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension', 'DrandPriority']
    .map(name => [name, { extrinsic: {}, payload: {} }]));

const providers = new WeakMap<ApiPromise, WsProvider>();

/** Whether something accepts a websocket at `url` within `ms` (so a dead endpoint fails fast with a hint). */
function probe(url: string, ms: number): Promise<boolean> {
  return new Promise(resolve => {
    let ws: WebSocket;
    try { ws = new WebSocket(url); } catch { resolve(false); return; }
    const timer = setTimeout(() => { ws.terminate(); resolve(false); }, ms);
    ws.once('open', () => { clearTimeout(timer); ws.close(); resolve(true); });
    ws.once('error', () => { clearTimeout(timer); resolve(false); });
  });
}

export async function connect(ws: string): Promise<ApiPromise> {
  await cryptoWaitReady();
  if (!(await probe(ws, 10_000))) throw new ClientError(`no chain answers at ${ws}: start one with \`subtensor-ts dev\` or pass --ws <url>`);
  const provider = new WsProvider(ws);
  const api = await ApiPromise.create({ provider, signedExtensions: SIGNED_EXTENSIONS, noInitWarn: true, throwOnConnect: true });
  providers.set(api, provider);
  return api;
}

/** A raw JSON-RPC request on the API's connection (methods the API does not decorate, such as dev_*). */
export function rawRpc<T = any>(api: ApiPromise, method: string, params: unknown[]): Promise<T> {
  return providers.get(api)!.send(method, params);
}

/** Runs `fn` with a connected API and always disconnects. */
export async function withApi<T>(ws: string, fn: (api: ApiPromise) => Promise<T>): Promise<T> {
  const api = await connect(ws);
  try { return await fn(api); } finally { await api.disconnect(); }
}

