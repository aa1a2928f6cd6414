// Dendrite: the SDK's client (bittensor/core/dendrite.py). Signs "{nonce}.{hotkey}.{axon hotkey}.{uuid}.{body_hash}"
// with the hotkey, POSTs the synapse JSON with its headers to http://<ip>:<port>/<SynapseName>, and folds the answer
// back into the synapse: the server's fields on 200, else its {"message"}; the server's terminal headers merged in;
// dendrite.status_code/message = the axon's. Transport failures get the SDK's codes: 503 connection refused,
// 408 timeout, 422 unparsable answer.
import { randomUUID } from 'node:crypto';
import { Keypair } from '../wallet/index.ts';
import { SDK_VERSION_AS_INT, bodyHash, fromHeaders, fromJson, newSynapse, toHeaders, toJson, type Synapse, type SynapseType, type TerminalInfo } from '../synapse.ts';
import { timeNs } from '../nonce.ts';
import type { AxonInfo } from '../axon/index.ts';

export interface DendriteOptions { externalIp?: string }

export class Dendrite {
  readonly uuid = randomUUID();
  readonly externalIp: string;
  constructor(readonly keypair: Keypair, opts: DendriteOptions = {}) { this.externalIp = opts.externalIp ?? '127.0.0.1'; }

  /** The synapse ready to send: timeout, both terminal halves, and the signature. */
  preprocess(target: AxonInfo, type: SynapseType, syn: Synapse, timeout: number): Synapse {
    syn.timeout = timeout;
    syn.dendrite = { ip: this.externalIp, version: SDK_VERSION_AS_INT, nonce: timeNs(), uuid: this.uuid, hotkey: this.keypair.ss58Address };
    syn.axon = { ip: target.ip, port: target.port, hotkey: target.hotkey };
    const message = `${syn.dendrite.nonce}.${syn.dendrite.hotkey}.${syn.axon.hotkey}.${syn.dendrite.uuid}.${bodyHash(type, syn)}`;
    syn.dendrite.signature = '0x' + Buffer.from(this.keypair.sign(message)).toString('hex');
    return syn;
  }

  async call(target: AxonInfo, type: SynapseType, values: Record<string, unknown> | Synapse = {}, timeout = 12.0): Promise<Synapse> {
    const start = performance.now();
    let syn = this.preprocess(target, type, { ...newSynapse(type), ...values, name: type.name } as Synapse, timeout);
    const host = target.ip === this.externalIp ? '0.0.0.0' : target.ip;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${target.port}/${type.name}`;
    try {
      const res = await fetch(url, {
        method: 'POST', headers: { ...toHeaders(type, syn), 'content-type': 'application/json' }, body: toJson(type, syn),
        signal: AbortSignal.timeout(timeout * 1000),
      });
      const text = await res.text();
      let json: any;
      try { json = JSON.parse(text); } catch (e) { throw Object.assign(new Error((e as Error).message), { parse: true }); }
      if (res.status === 200) {
        const server = fromJson(type, text);
        for (const k of Object.keys(syn)) if (k in server) syn[k] = server[k];
      } else {
        syn.axon = { ...syn.axon, status_code: res.status, status_message: json?.message ?? null };
      }
      const hdrs: Record<string, string> = {};
      res.headers.forEach((v, k) => { hdrs[k] = v; });
      const serverHeaders = fromHeaders(type, hdrs);
      syn.dendrite = mergeDefined(syn.dendrite, serverHeaders.dendrite);
      syn.axon = mergeDefined(syn.axon, serverHeaders.axon);
      syn.dendrite.status_code = syn.axon.status_code;
      syn.dendrite.status_message = syn.axon.status_message;
      syn.dendrite.process_time = (performance.now() - start) / 1000;
    } catch (e) {
      syn = this.processError(syn, type.name, e as Error, timeout);
    }
    return syn;
  }

  /** The same synapse to several axons concurrently (the SDK's forward / __call__). */
  forward(targets: AxonInfo[], type: SynapseType, values: Record<string, unknown> = {}, timeout = 12.0): Promise<Synapse[]> {
    return Promise.all(targets.map(t => this.call(t, type, structuredClone(values), timeout)));
  }

  private processError(syn: Synapse, name: string, e: Error & { cause?: any; parse?: boolean }, timeout: number): Synapse {
    const code = e.cause?.code ?? (e as any).code;
    let status: number, message: string;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') { status = 408; message = `Request timeout after ${timeout} seconds`; }
    else if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') { status = 503; message = `Service unavailable at ${syn.axon.ip}:${syn.axon.port}/${name}`; }
    else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') { status = 503; message = `Service disconnected: ${e.cause?.message ?? e.message}`; }
    else { status = 422; message = `Failed to parse response: ${e.message}`; }
    syn.dendrite.status_code = status;
    syn.dendrite.status_message = message;
    return syn;
  }
}

function mergeDefined(a: TerminalInfo, b: TerminalInfo): TerminalInfo {
  const out: TerminalInfo = { ...a };
  for (const [k, v] of Object.entries(b)) if (v !== null && v !== undefined) (out as any)[k] = v;
  return out;
}

export const isSuccess = (s: Synapse) => s.dendrite.status_code === 200;
