// The explorer: a page served by the node on its RPC port (GET /), static files from this folder and uPlot from
// node_modules, no build step. Its data endpoints (GET /api/...) read the chain the way any client does — through
// @polkadot/api and subtensor's runtime APIs on the node's own websocket (client/reads.ts, shared with the CLI) — so
// the page shows exactly what clients see. The API client is created on the first data request.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type http from 'node:http';
import type { ApiPromise } from '@polkadot/api';

/** This folder: next to this module, or (in the node's esbuild bundle under build/) found from the repo root. */
function explorerDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
  for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node', 'explorer');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  throw new Error('node/explorer/index.html not found');
}
const here = explorerDir();
const uplotDir = path.dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'));

const STATIC: Record<string, [file: string, type: string]> = {
  '/': [path.join(here, 'index.html'), 'text/html; charset=utf-8'],
  '/app.js': [path.join(here, 'app.js'), 'text/javascript; charset=utf-8'],
  '/style.css': [path.join(here, 'style.css'), 'text/css; charset=utf-8'],
  '/vendor/uPlot.iife.min.js': [path.join(uplotDir, 'uPlot.iife.min.js'), 'text/javascript; charset=utf-8'],
  '/vendor/uPlot.min.css': [path.join(uplotDir, 'uPlot.min.css'), 'text/css; charset=utf-8'],
};

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
/** Epochs shown in the per-subnet plots (each is one walk back through the state). */
const HISTORY_EPOCHS = 24;

export interface Explorer {
  /** Serves GET/HEAD requests it knows (returns false for others). */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  close(): Promise<void>;
}

export function createExplorer(wsUrl: string): Explorer {
  let apiPromise: Promise<ApiPromise> | null = null;
  const live = new Set<http.ServerResponse>();
  let unsubscribe: (() => void) | null = null;
  const reads = () => import('../../client/reads.ts');

  const api = (): Promise<ApiPromise> => {
    apiPromise ??= import('../../client/connect.ts').then(m => m.connect(wsUrl));
    return apiPromise;
  };

  async function blockSummary(a: ApiPromise, hash: string) {
    const [block, events] = await Promise.all([a.rpc.chain.getBlock(hash), a.query.system.events.at(hash)]);
    return {
      number: block.block.header.number.toNumber(), hash,
      extrinsics: block.block.extrinsics.map(x => `${x.method.section}.${x.method.method}`),
      events: (events as any).map((e: any) => ({ section: e.event.section, method: e.event.method, data: e.event.data.toHuman() })),
    };
  }

  async function latestBlocks(a: ApiPromise, count: number) {
    const head = (await a.rpc.chain.getHeader()).number.toNumber();
    const out = [];
    for (let n = head; n >= Math.max(0, head - count + 1); n--) out.push(await blockSummary(a, (await a.rpc.chain.getBlockHash(n)).toHex()));
    return out;
  }

  /** The subnet at each of its last epochs: walks LastMechansimStepBlock back through the state. */
  async function history(a: ApiPromise, netuid: number) {
    const r = await reads();
    const epochs = [];
    let hash = (await a.rpc.chain.getHeader()).hash.toHex();
    for (let i = 0; i < HISTORY_EPOCHS; i++) {
      const at = await a.at(hash);
      const block = Number(((await (at.query.subtensorModule as any).lastMechansimStepBlock(netuid)) as any).toString());
      if (block <= 0) break;
      const epochHash = (await a.rpc.chain.getBlockHash(block)).toHex();
      let snapshot;
      try { snapshot = await r.subnetAt(a, netuid, epochHash); } catch { break; } // state no longer kept
      epochs.push({ block, ...snapshot });
      hash = (await a.rpc.chain.getBlockHash(block - 1)).toHex();
    }
    return epochs.reverse();
  }

  async function startLive(a: ApiPromise): Promise<void> {
    if (unsubscribe) return;
    unsubscribe = await a.rpc.chain.subscribeNewHeads(async header => {
      if (live.size === 0) return;
      const msg = `event: block\ndata: ${json(await blockSummary(a, header.hash.toHex()))}\n\n`;
      for (const res of live) res.write(msg);
    }) as unknown as () => void;
  }

  async function data(route: string, query: URLSearchParams, res: http.ServerResponse): Promise<void> {
    const a = await api();
    const r = await reads();
    let m: RegExpExecArray | null;
    if (route === '/api/subnets') return send(res, await r.allSubnets(a));
    if (route === '/api/blocks') return send(res, await latestBlocks(a, Math.min(50, Number(query.get('count') ?? 10) || 10)));
    if (route === '/api/live') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      live.add(res);
      res.on('close', () => live.delete(res));
      await startLive(a);
      return;
    }
    if ((m = /^\/api\/subnet\/(\d+)$/.exec(route))) {
      const netuid = Number(m[1]);
      const [info, mg, hyper, matrices] = await Promise.all([r.subnet(a, netuid), r.metagraph(a, netuid), r.hyperparameters(a, netuid), r.weightsAndBonds(a, netuid)]);
      return send(res, { info, metagraph: mg, hyperparameters: hyper, ...matrices });
    }
    if ((m = /^\/api\/subnet\/(\d+)\/history$/.exec(route))) return send(res, await history(a, Number(m[1])));
    if ((m = /^\/api\/subnet\/(\d+)\/explain$/.exec(route))) {
      const { rawRpc } = await import('../../client/connect.ts');
      const overrides = query.get('overrides');
      return send(res, await rawRpc(a, 'dev_epochExplain', overrides ? [Number(m[1]), JSON.parse(overrides)] : [Number(m[1])]));
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(json({ error: `no such explorer endpoint: ${route}` }));
  }

  function send(res: http.ServerResponse, v: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(json(v));
  }

  return {
    handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const url = new URL(req.url ?? '/', 'http://explorer');
      const file = STATIC[url.pathname];
      if (file) {
        fs.readFile(file[0], (err, body) => {
          if (err) res.writeHead(404).end();
          else res.writeHead(200, { 'content-type': file[1], 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
        });
        return true;
      }
      if (!url.pathname.startsWith('/api/')) return false;
      data(url.pathname, url.searchParams, res).catch(e => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(json({ error: (e as Error).message }));
      });
      return true;
    },
    async close() {
      for (const res of live) res.end();
      live.clear();
      unsubscribe?.();
      if (apiPromise) await (await apiPromise.catch(() => null))?.disconnect();
    },
  };
}
