// The SDK wire protocol, both directions. Requests a Python dendrite sends and answers a Python axon gives are built
// here by hand from bittensor/core/{dendrite,axon,synapse}.py: header names and str() forms, json.dumps bodies, the
// body hash sha3_256(sha3_256(str(task_id)) ‖ sha3_256(str(features))) over Python's printing of the values, and
// the signed message "{nonce}.{dendrite hotkey}.{axon hotkey}.{uuid}.{body_hash}".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { Keypair, cryptoReady } from '../../neurons/wallet/index.ts';
import { Axon } from '../../neurons/axon/index.ts';
import { Dendrite } from '../../neurons/dendrite/index.ts';
import { Classify } from '../../neurons/protocol.ts';
import { pyFloat } from '../../neurons/synapse.ts';

const sha3hex = (s: string) => Buffer.from(sha3_256(new TextEncoder().encode(s))).toString('hex');
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

let axon: Axon, axonKey: Keypair, validator: Keypair, stranger: Keypair;
const seen: unknown[] = [];

beforeAll(async () => {
  await cryptoReady();
  axonKey = Keypair.fromSeed('0x' + '11'.repeat(32));
  validator = Keypair.fromSeed('0x' + '22'.repeat(32));
  stranger = Keypair.fromSeed('0x' + '33'.repeat(32));
  axon = new Axon({ keypair: axonKey, port: 0, ip: '127.0.0.1' });
  axon.attach(Classify, syn => {
    seen.push(syn.features);
    syn.predictions = (syn.features as number[][]).map(r => (r[0] > 2 ? 1 : 0));
    syn.model = 'threshold';
    return syn;
  }, {
    blacklist: syn => (syn.dendrite.hotkey === stranger.ss58Address ? [true, 'Unrecognized hotkey'] : [false, 'Hotkey recognized!']),
  });
  await axon.start();
});
afterAll(async () => { await axon?.stop(); });

/** A Python dendrite's POST: to_headers() and json.dumps(model_dump()), for Classify(task_id=…, features=…). */
function pythonRequest(o: { signer: Keypair; axonHotkey?: string; nonce?: bigint; uuid?: string; features?: string; featuresPy?: string; tamperBody?: boolean; path?: string }) {
  const nonce = o.nonce ?? nowNs();
  const uuid = o.uuid ?? 'a4a5c0de-1cec-11ee-b0dc-e29ce36fec1a';
  // json.dumps / str() of [[5.1, 3.5], [1.0, 0.25]]: identical here; the float 1.0 prints with its ".0".
  const featuresJson = o.features ?? '[[5.1, 3.5], [1.0, 0.25]]';
  const featuresStr = o.featuresPy ?? featuresJson;
  const bodyHash = sha3hex(sha3hex('task-7') + sha3hex(featuresStr));
  const axonHotkey = o.axonHotkey ?? axonKey.ss58Address;
  const message = `${nonce}.${o.signer.ss58Address}.${axonHotkey}.${uuid}.${bodyHash}`;
  const signature = '0x' + Buffer.from(o.signer.sign(message)).toString('hex');
  const headers: Record<string, string> = {
    name: 'Classify', timeout: '12.0',
    bt_header_axon_ip: '127.0.0.1', bt_header_axon_port: String(axon.port), bt_header_axon_hotkey: axonHotkey,
    bt_header_dendrite_ip: '10.0.0.2', bt_header_dendrite_version: '10002000', bt_header_dendrite_nonce: String(nonce),
    bt_header_dendrite_uuid: uuid, bt_header_dendrite_hotkey: o.signer.ss58Address, bt_header_dendrite_signature: signature,
    header_size: '640', total_size: '4242', computed_body_hash: bodyHash, 'content-type': 'application/json',
  };
  const dendriteJson = `{"status_code": null, "status_message": null, "process_time": null, "ip": "10.0.0.2", "port": null, "version": 10002000, "nonce": ${nonce}, "uuid": "${uuid}", "hotkey": "${o.signer.ss58Address}", "signature": "${signature}"}`;
  const axonJson = `{"status_code": null, "status_message": null, "process_time": null, "ip": "127.0.0.1", "port": ${axon.port}, "version": null, "nonce": null, "uuid": null, "hotkey": "${axonHotkey}", "signature": null}`;
  const bodyFeatures = o.tamperBody ? '[[9.9, 3.5], [1.0, 0.25]]' : featuresJson;
  const body = `{"name": "Classify", "timeout": 12.0, "total_size": 4242, "header_size": 640, "dendrite": ${dendriteJson}, "axon": ${axonJson}, "computed_body_hash": "", "task_id": "task-7", "features": ${bodyFeatures}, "predictions": null, "model": null}`;
  return { headers, body, message, signature, nonce };
}

async function post(req: { headers: Record<string, string>; body: string }, path = '/Classify') {
  const res = await fetch(`http://127.0.0.1:${axon.port}${path}`, { method: 'POST', headers: req.headers, body: req.body });
  return { status: res.status, json: await res.json() as any, headers: res.headers };
}

describe('our axon answers a Python dendrite', () => {
  it('a well-signed request: 200, the forward output in the body, status in bt_header_axon_* headers', async () => {
    const r = await post(pythonRequest({ signer: validator }));
    expect(r.status).toBe(200);
    expect(r.json.predictions).toEqual([1, 0]);
    expect(r.json.model).toBe('threshold');
    expect(r.json.task_id).toBe('task-7');
    expect(r.json.axon.status_code).toBe(200);
    expect(r.json.axon.status_message).toBe('Success');
    expect(r.headers.get('bt_header_axon_status_code')).toBe('200');
    expect(r.headers.get('bt_header_axon_status_message')).toBe('Success');
    expect(r.headers.get('name')).toBe('Classify');
    expect(r.headers.get('timeout')).toBe('12.0');
    // The response's computed_body_hash is the same recipe over the returned fields.
    expect(r.headers.get('computed_body_hash')).toBe(sha3hex(sha3hex('task-7') + sha3hex('[[5.1, 3.5], [1.0, 0.25]]')));
  });

  it('integral floats are hashed as Python prints them: 5.0, not 5', async () => {
    const r = await post(pythonRequest({ signer: validator, features: '[[5.0, 3.0]]', uuid: 'int-floats' }));
    expect(r.status).toBe(200);
    expect(r.json.predictions).toEqual([1]);
  });

  it('a signature over another axon hotkey: 401 with the SDK message', async () => {
    const req = pythonRequest({ signer: validator, uuid: 'bad-sig' });
    const forged = pythonRequest({ signer: validator, uuid: 'bad-sig', axonHotkey: stranger.ss58Address, nonce: req.nonce });
    req.headers.bt_header_dendrite_signature = forged.signature;
    const r = await post(req);
    expect(r.status).toBe(401);
    expect(r.json.message).toBe(`Not Verified with error: Signature mismatch with ${req.message} and ${forged.signature}`);
    expect(r.headers.get('bt_header_axon_status_code')).toBe('401');
  });

  it('a stale first nonce (older than 4 s + timeout): 401 "Nonce is too old: acceptable delta …"', async () => {
    const r = await post(pythonRequest({ signer: validator, uuid: 'stale', nonce: nowNs() - 20_000_000_000n }));
    expect(r.status).toBe(401);
    expect(r.json.message).toMatch(/^Not Verified with error: Nonce is too old: acceptable delta is 16\.00 seconds but request was 20\.\d\d seconds old$/);
  });

  it('a replayed nonce: 401 "a newer one was last processed"', async () => {
    const req = pythonRequest({ signer: validator, uuid: 'replay' });
    expect((await post(req)).status).toBe(200);
    const again = await post(req);
    expect(again.status).toBe(401);
    expect(again.json.message).toBe('Not Verified with error: Nonce is too old, a newer one was last processed');
  });

  it('an unknown hotkey refused by the blacklist hook: 403 "Forbidden. Key is blacklisted: …."', async () => {
    const r = await post(pythonRequest({ signer: stranger }));
    expect(r.status).toBe(403);
    expect(r.json.message).toBe('Forbidden. Key is blacklisted: Unrecognized hotkey.');
  });

  it('an unknown synapse: 404 with the available routes as Python prints the list', async () => {
    const r = await post(pythonRequest({ signer: validator }), '/Nope');
    expect(r.status).toBe(404);
    expect(r.json.message).toBe("Synapse name 'Nope' not found. Available synapses ['Synapse', 'Classify']");
  });

  it('a body changed after signing: the integrity check fails with a 500 "Internal Server Error #<id>"', async () => {
    const before = seen.length;
    const r = await post(pythonRequest({ signer: validator, uuid: 'tamper', tamperBody: true }));
    expect(r.status).toBe(500);
    expect(r.json.message).toMatch(/^Internal Server Error #[0-9a-f-]{36}$/);
    expect(seen.length).toBe(before); // the forward never ran
  });
});

describe('our dendrite talks to a Python axon', () => {
  let server: http.Server, port = 0;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let answer: 'ok' | 'blacklist' = 'ok';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => { body += c; });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (answer === 'blacklist') {
          // create_error_response: {"message": …} with the synapse's headers
          res.writeHead(403, { 'content-type': 'application/json', bt_header_axon_status_code: '403', bt_header_axon_status_message: 'Forbidden. Key is blacklisted: Unrecognized hotkey.', name: 'Classify', timeout: '12.0' });
          res.end('{"message":"Forbidden. Key is blacklisted: Unrecognized hotkey."}');
          return;
        }
        const parsed = JSON.parse(body);
        res.writeHead(200, { 'content-type': 'application/json', bt_header_axon_status_code: '200', bt_header_axon_status_message: 'Success', bt_header_axon_process_time: '0.0021', bt_header_axon_hotkey: axonKey.ss58Address, name: 'Classify', timeout: '12.0' });
        res.end(JSON.stringify({ ...parsed, predictions: [2, 1], model: 'py-model', axon: { ...parsed.axon, status_code: 200, status_message: 'Success', process_time: 0.0021 } }));
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>(r => server.close(() => r())));

  it('sends what the SDK axon checks, and reads its answer', async () => {
    const d = new Dendrite(validator, { externalIp: '10.9.9.9' });
    const syn = await d.call({ ip: '127.0.0.1', port, hotkey: axonKey.ss58Address }, Classify, { task_id: 't1', features: [[1, 2.5]] }, 3);
    expect(syn.dendrite.status_code).toBe(200);
    expect(syn.predictions).toEqual([2, 1]);
    expect(syn.model).toBe('py-model');
    expect(syn.axon.process_time).toBeCloseTo(0.0021);

    const { headers, body } = received.at(-1)!;
    expect(headers.name).toBe('Classify');
    expect(headers.timeout).toBe('3.0');
    const bodyHash = sha3hex(sha3hex('t1') + sha3hex('[[1.0, 2.5]]'));
    expect(headers.computed_body_hash).toBe(bodyHash);
    const nonce = headers.bt_header_dendrite_nonce as string;
    expect(BigInt(nonce) - nowNs()).toBeLessThan(1_000_000_000n);
    expect(headers.bt_header_dendrite_version).toBe('10002000');
    expect(headers.bt_header_axon_hotkey).toBe(axonKey.ss58Address);
    expect(headers.bt_header_axon_port).toBe(String(port));
    const message = `${nonce}.${validator.ss58Address}.${axonKey.ss58Address}.${headers.bt_header_dendrite_uuid}.${bodyHash}`;
    expect(Keypair.fromAddress(validator.ss58Address).verify(message, headers.bt_header_dendrite_signature as string)).toBe(true);
    // The body parses as the SDK's model_dump: floats print as floats, nonce is an integer.
    expect(body).toContain('"features": [[1.0, 2.5]]');
    expect(body).toContain('"timeout": 3.0');
    expect(body).toContain(`"nonce": ${nonce}`);
    expect(body).toContain('"computed_body_hash": ""');
  });

  it('an error answer: the status and {"message"} become the synapse status', async () => {
    answer = 'blacklist';
    const syn = await new Dendrite(validator).call({ ip: '127.0.0.1', port, hotkey: axonKey.ss58Address }, Classify, { features: [[1]] }, 3);
    answer = 'ok';
    expect(syn.dendrite.status_code).toBe(403);
    expect(syn.dendrite.status_message).toBe('Forbidden. Key is blacklisted: Unrecognized hotkey.');
    expect(syn.predictions).toBeNull();
  });

  it('nobody listening: 503 "Service unavailable at ip:port/Name"; our own axon end to end: 200', async () => {
    const closed = http.createServer(); await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port; await new Promise<void>(r => closed.close(() => r()));
    const d = new Dendrite(validator);
    const dead = await d.call({ ip: '127.0.0.1', port: deadPort, hotkey: axonKey.ss58Address }, Classify, { features: [[1]] }, 2);
    expect(dead.dendrite.status_code).toBe(503);
    expect(dead.dendrite.status_message).toBe(`Service unavailable at 127.0.0.1:${deadPort}/Classify`);
    const ok = await new Dendrite(validator, { externalIp: '10.1.1.1' }).forward([axon.info()], Classify, { features: [[3, 0], [1, 1], [2.5, 7]] }, 3);
    expect(ok[0].dendrite.status_code).toBe(200);
    expect(ok[0].predictions).toEqual([1, 0, 1]);
  });

  it('a silent axon: 408 "Request timeout after … seconds"', async () => {
    const hang = http.createServer(() => { /* never answers */ });
    await new Promise<void>(r => hang.listen(0, '127.0.0.1', r));
    const p = (hang.address() as AddressInfo).port;
    const syn = await new Dendrite(validator).call({ ip: '127.0.0.1', port: p, hotkey: axonKey.ss58Address }, Classify, {}, 0.3);
    hang.closeAllConnections(); hang.close();
    expect(syn.dendrite.status_code).toBe(408);
    expect(syn.dendrite.status_message).toBe('Request timeout after 0.3 seconds');
  });
});

describe("Python's float printing (the body hash depends on it)", () => {
  it.each([[12, '12.0'], [0.1, '0.1'], [1e-5, '1e-05'], [0.0001, '0.0001'], [1e16, '1e+16'], [1234567890123456.7, '1234567890123456.8'], [-2.5, '-2.5'], [1.5e-7, '1.5e-07'], [100, '100.0']])('repr(%s) = %s', (x, s) => {
    expect(pyFloat(x)).toBe(s);
  });
});
