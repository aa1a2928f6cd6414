// Axon: the SDK's HTTP server for synapses (bittensor/core/axon.py), on node:http. A request POST /<SynapseName>
// goes through the SDK's middleware order — preprocess (404 unknown synapse, 400 unparsable headers), blacklist (403),
// verify (401: signature over "{nonce}.{dendrite.hotkey}.{axon.hotkey}.{uuid}.{body_hash}", nonce freshness and
// monotonicity), priority, then the body-integrity check and the forward function (500 on any failure there) — and
// answers with the synapse's JSON and its to_headers(), or {"message": …} with the status the SDK sets.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Keypair, verifySignature } from '../wallet/index.ts';
import { BaseSynapse, SDK_VERSION_AS_INT, V_7_2_0, bodyHash, fromHeaders, fromJson, newSynapse, pyFloat, toHeaders, toJson, type Synapse, type SynapseType } from '../synapse.ts';
import { timeNs } from '../nonce.ts';

export const ALLOWED_DELTA_NS = 4_000_000_000n;

export type ForwardFn = (synapse: Synapse) => Synapse | Promise<Synapse>;
export type BlacklistFn = (synapse: Synapse) => [boolean, string] | Promise<[boolean, string]>;
export type PriorityFn = (synapse: Synapse) => number | Promise<number>;
export type VerifyFn = (synapse: Synapse) => void | Promise<void>;

interface Route { type: SynapseType; forward: ForwardFn; blacklist?: BlacklistFn; priority?: PriorityFn; verify?: VerifyFn }

/** What the chain's serve_axon publishes and a dendrite needs to reach this axon. */
export interface AxonInfo { ip: string; port: number; hotkey: string; coldkey?: string; version?: number; protocol?: number }

/** An exception carrying the HTTP status the SDK maps it to (SynapseException subclasses). */
class SynapseError extends Error { constructor(readonly status: number, message: string) { super(message); } }

export interface AxonOptions { keypair: Keypair; port?: number; ip?: string; externalIp?: string; externalPort?: number }

export class Axon {
  readonly uuid = randomUUID();
  readonly keypair: Keypair;
  /** Last nonce per "{dendrite hotkey}:{dendrite uuid}". */
  readonly nonces = new Map<string, bigint>();
  private routes = new Map<string, Route>();
  private server: http.Server | null = null;
  private opts: AxonOptions;
  port: number;

  constructor(opts: AxonOptions) {
    this.opts = opts;
    this.keypair = opts.keypair;
    this.port = opts.port ?? 8091;
    this.attach(BaseSynapse, s => s); // the SDK's default `ping` route
  }

  attach(type: SynapseType, forward: ForwardFn, hooks: { blacklist?: BlacklistFn; priority?: PriorityFn; verify?: VerifyFn } = {}): this {
    this.routes.set(type.name, { type, forward, ...hooks });
    return this;
  }

  info(): AxonInfo {
    return { ip: this.opts.externalIp ?? this.opts.ip ?? '127.0.0.1', port: this.opts.externalPort ?? this.port, hotkey: this.keypair.ss58Address, version: SDK_VERSION_AS_INT, protocol: 4 };
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => { void this.handle(req, res); });
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, this.opts.ip ?? '0.0.0.0', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server; this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>(resolve => s.close(() => resolve()));
  }

  /** The SDK's default_verify. */
  private defaultVerify(syn: Synapse): void {
    const d = syn.dendrite;
    if (!d.hotkey) throw new Error('Invalid ss58_address'); // Keypair(ss58_address=None) raises in the SDK
    const message = `${d.nonce}.${d.hotkey}.${this.keypair.ss58Address}.${d.uuid}.${syn.computed_body_hash}`;
    const endpointKey = `${d.hotkey}:${d.uuid}`;
    if (d.nonce === null || d.nonce === undefined) throw new Error('Missing Nonce');
    const stored = this.nonces.get(endpointKey);
    if (d.version !== null && d.version !== undefined && d.version >= V_7_2_0) {
      const now = timeNs();
      const timeoutNs = BigInt(Math.round((syn.timeout || 0) * 1e9));
      if (stored === undefined && d.nonce <= now - ALLOWED_DELTA_NS - timeoutNs) {
        const diff = Number(now - d.nonce) / 1e9, allowed = Number(ALLOWED_DELTA_NS + timeoutNs) / 1e9;
        throw new Error(`Nonce is too old: acceptable delta is ${allowed.toFixed(2)} seconds but request was ${diff.toFixed(2)} seconds old`);
      }
    }
    if (stored !== undefined && d.nonce <= stored) throw new Error('Nonce is too old, a newer one was last processed');
    // The SDK skips the check when the signature header is absent; here a request without one is refused (see
    // docs/COMPATIBILITY.md): an unsigned request could claim any validator's hotkey.
    if (!d.signature) throw new Error(`Signature mismatch with ${message} and None`);
    if (!verifySignature(d.hotkey, message, d.signature)) throw new Error(`Signature mismatch with ${message} and ${d.signature}`);
    this.nonces.set(endpointKey, d.nonce);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const start = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let syn: Synapse = newSynapse(BaseSynapse);
    let type: SynapseType = BaseSynapse;
    try {
      // preprocess
      const name = (req.url ?? '/').split('?')[0].split('/')[1] ?? '';
      const route = this.routes.get(name);
      if (!route) {
        throw new SynapseError(404, `Synapse name '${name}' not found. Available synapses [${[...this.routes.keys()].map(k => `'${k}'`).join(', ')}]`);
      }
      type = route.type;
      try { syn = fromHeaders(type, req.headers as Record<string, string>); } catch {
        throw new SynapseError(400, `Improperly formatted request. Could not parse headers ${JSON.stringify(req.headers)} into synapse of type ${name}.`);
      }
      syn.name = name;
      Object.assign(syn.axon, { version: SDK_VERSION_AS_INT, uuid: this.uuid, nonce: timeNs(), status_code: 100 });
      Object.assign(syn.dendrite, { port: req.socket.remotePort ?? 0, ip: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '' });
      syn.axon.signature = '0x' + Buffer.from(this.keypair.sign(`${syn.axon.nonce}.${syn.dendrite.hotkey}.${syn.axon.hotkey}.${syn.axon.uuid}`)).toString('hex');

      if (route.blacklist) {
        const [blacklisted, reason] = await route.blacklist(syn);
        if (blacklisted) throw new SynapseError(403, `Forbidden. Key is blacklisted: ${reason}.`);
      }
      try { await (route.verify ?? (s => this.defaultVerify(s)))(syn); } catch (e) {
        throw new SynapseError(401, `Not Verified with error: ${(e as Error).message}`);
      }
      // The SDK runs the priority value through a priority thread pool; a single-threaded axon has no queue to order,
      // so the hook is called (it may throw) and its value is not used.
      if (route.priority) await route.priority(syn);

      // run: the endpoint's body-integrity dependency, then the forward function; failures here are 500s.
      let bodySyn: Synapse;
      try {
        bodySyn = fromJson(type, body);
        const h = bodyHash(type, bodySyn);
        if (h !== syn.computed_body_hash) throw new Error(`Hash mismatch between header body hash ${syn.computed_body_hash} and parsed body hash ${h}`);
        bodySyn.name = name;
        bodySyn = await route.forward(bodySyn);
      } catch (e) {
        throw new SynapseError(500, `Internal Server Error #${randomUUID()}`);
      }
      const ax = bodySyn.axon;
      if (ax.status_code === null || ax.status_code === undefined) ax.status_code = 200;
      if (ax.status_code === 200 && !ax.status_message) ax.status_message = 'Success';
      ax.process_time = (performance.now() - start) / 1000;
      const payload = toJson(type, bodySyn);
      res.writeHead(ax.status_code, { ...toHeaders(type, bodySyn), 'content-type': 'application/json' });
      res.end(payload);
    } catch (e) {
      const status = e instanceof SynapseError ? e.status : 500;
      const message = e instanceof SynapseError ? e.message : `Internal Server Error #${randomUUID()}`;
      syn.axon.status_code = status;
      syn.axon.status_message = message;
      syn.axon.process_time = (performance.now() - start) / 1000;
      let headers: Record<string, string> = {};
      try { headers = toHeaders(type, syn); } catch { /* a synapse that cannot print itself still gets its status */ }
      res.writeHead(status, { ...headers, 'content-type': 'application/json' });
      res.end(JSON.stringify({ message }));
    }
  }
}

export { pyFloat };
