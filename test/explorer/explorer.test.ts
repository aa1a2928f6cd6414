// The explorer page in a real headless Chromium (Debian's /usr/bin/chromium through playwright-core): the numbers it
// shows equal what the runtime APIs return through @polkadot/api, the plots and heatmaps render, new blocks arrive
// live. Screenshots go to test-artifacts/explorer/ (gitignored).
import '@polkadot/api-augment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startDevChain, type DevChain } from 'subtensor-ts';
import { populateSubnet, type PopulatedSubnet } from '../helpers/populated_subnet.ts';

const CHROMIUM = '/usr/bin/chromium';
const artifacts = path.resolve(import.meta.dirname, '../../test-artifacts/explorer');

// Without a browser the page tests are skipped, except where one is required (.ci/run sets REQUIRE_CHROMIUM).
it.runIf(!!process.env.REQUIRE_CHROMIUM)(`${CHROMIUM} is installed`, () => expect(fs.existsSync(CHROMIUM)).toBe(true));

describe.skipIf(!fs.existsSync(CHROMIUM))('explorer page', () => {
  let chain: DevChain;
  let api: ApiPromise;
  let browser: Browser;
  let page: Page;
  let s: PopulatedSubnet;
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  /** data-value of every cell of a column in a table (by its data-testid), in row order. */
  const column = (table: string, col: string) => page.$$eval(`[data-testid="${table}"] tbody td[data-col="${col}"]`, tds => tds.map(td => (td as HTMLElement).dataset.value));

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    chain = await startDevChain();
    api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
    s = await populateSubnet(api, (m, p) => chain.rpc(m, p), 'explorer');
    await chain.runEpoch(s.netuid);
    await chain.newBlock(2);
    await chain.runEpoch(s.netuid);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.disconnect();
    await chain?.close();
  });

  it('GET / serves the page and uPlot from node_modules', async () => {
    const html = await fetch(chain.httpUrl + '/');
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toContain('/vendor/uPlot.iife.min.js');
    const lib = await fetch(chain.httpUrl + '/vendor/uPlot.iife.min.js');
    expect(lib.status).toBe(200);
    expect(await lib.text()).toBe(fs.readFileSync(path.resolve(import.meta.dirname, '../../node_modules/uplot/dist/uPlot.iife.min.js'), 'utf8'));
    expect((await fetch(chain.httpUrl + '/api/nothing')).status).toBe(404);
  });

  it('subnets table: price, TAO in, emission, tempo and neurons equal get_all_dynamic_info / SubnetworkN', async () => {
    await page.goto(chain.httpUrl + '/');
    await page.waitForSelector('[data-testid="subnets"] tbody tr');
    const dyn = (await (api.call as any).subnetInfoRuntimeApi.getAllDynamicInfo()).filter((o: any) => o.isSome).map((o: any) => o.unwrap());
    expect(await column('subnets', 'Netuid')).toEqual(dyn.map((d: any) => d.netuid.toString()));
    expect(await column('subnets', 'TAO in (τ)')).toEqual(dyn.map((d: any) => d.taoIn.toString()));
    expect(await column('subnets', 'Alpha in (α)')).toEqual(dyn.map((d: any) => d.alphaIn.toString()));
    expect(await column('subnets', 'Emission (τ/block)')).toEqual(dyn.map((d: any) => d.taoInEmission.toString()));
    expect(await column('subnets', 'Tempo')).toEqual(dyn.map((d: any) => d.tempo.toString()));
    const prices = dyn.map((d: any) => (d.netuid.toNumber() === 0 || d.alphaIn.toBigInt() === 0n ? 1 : Number(d.taoIn.toBigInt()) / Number(d.alphaIn.toBigInt())));
    expect((await column('subnets', 'Price (τ/α)')).map(Number)).toEqual(prices);
    const n = await api.query.subtensorModule.subnetworkN.multi(dyn.map((d: any) => d.netuid));
    expect(await column('subnets', 'Neurons')).toEqual(n.map(x => x.toString()));
    await shot('subnets');
  });

  it('subnet page: metagraph equals get_metagraph / get_neurons_lite; plots over epochs and heatmaps render', async () => {
    await page.click(`[data-testid="subnets"] tr[data-key="${s.netuid}"]`);
    await page.waitForSelector('[data-testid="metagraph"] tbody tr');
    await page.waitForSelector('[data-testid="plot-incentive"] canvas');
    await page.waitForSelector('[data-testid="explain"] tbody tr');
    const m = (await (api.call as any).subnetInfoRuntimeApi.getMetagraph(s.netuid)).unwrap();
    const lite = await (api.call as any).neuronInfoRuntimeApi.getNeuronsLite(s.netuid);
    expect(await column('metagraph', 'UID')).toEqual(m.hotkeys.map((_: any, i: number) => String(i)));
    expect(await column('metagraph', 'Incentive')).toEqual(m.incentives.map((x: any) => x.toString()));
    expect(await column('metagraph', 'Dividends')).toEqual(m.dividends.map((x: any) => x.toString()));
    expect(await column('metagraph', 'Emission')).toEqual(m.emission.map((x: any) => x.toString()));
    expect(await column('metagraph', 'Stake')).toEqual(m.totalStake.map((x: any) => x.toString()));
    expect(await column('metagraph', 'VTrust')).toEqual(lite.map((x: any) => x.validatorTrust.toString()));
    expect(m.incentives.slice(3).every((x: any) => x.toNumber() > 0)).toBe(true); // a real epoch's numbers, not zeros

    // Three epochs ran (one for validator permits, two after the weights): a point per epoch and a series per uid;
    // the last point of each uid's series is the current metagraph value.
    const plot = await page.$eval('[data-testid="plot-incentive"]', el => ({
      points: (el as HTMLElement).dataset.points, series: (el as HTMLElement).dataset.series,
      last: ((el as any)._uplot.data as number[][]).slice(1).map(s => s[s.length - 1]),
    }));
    expect(plot).toEqual({ points: '3', series: '6', last: m.incentives.map((x: any) => x.toNumber() / 65535) });
    const inked = await page.$eval('[data-testid="plot-incentive"] canvas', c => {
      const g = (c as HTMLCanvasElement).getContext('2d')!;
      const d = g.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(100);
    // The weights heatmap has one coloured cell per stored non-zero weight.
    let stored = 0;
    for (let uid = 0; uid < 6; uid++) stored += ((await api.query.subtensorModule.weights(s.netuid, uid)) as any).filter(([, w]: any) => w.toNumber() > 0).length;
    expect(await page.$eval('[data-testid="weights-heatmap"]', el => Number((el as HTMLElement).dataset.cells))).toBe(stored);
    await shot('subnet');
  });

  it('epoch explain view shows dev_epochExplain; a what-if changes it', async () => {
    const e = await chain.explainEpoch(s.netuid);
    expect(await column('explain', 'Incentive')).toEqual(e.outputs.incentive.map(String));
    expect(await column('explain', 'Dividends')).toEqual(e.outputs.dividends.map(String));
    expect(await column('explain', 'Emission (α)')).toEqual(e.outputs.emission);
    await page.fill('[data-testid="whatif"] input[name="kappa"]', '65535');
    await page.click('[data-testid="whatif"] button');
    await page.waitForSelector('[data-testid="explain-summary"] b');
    const w = await chain.explainEpoch(s.netuid, { hyperparameters: { kappa: 65535 } });
    expect(await column('explain', 'Incentive')).toEqual(w.outputs.incentive.map(String));
    await page.locator('#explain').screenshot({ path: path.join(artifacts, 'explain.png') });
  });

  it('new blocks and their events arrive live', async () => {
    await page.goto(chain.httpUrl + '/');
    await page.waitForSelector('#live-dot.on');
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    await chain.runEpoch(s.netuid);
    await page.waitForSelector(`#blocks li[data-number="${head + 1}"]`, { timeout: 15_000 });
    expect(await page.textContent('#head')).toBe(`#${head + 1}`);
    expect(await page.textContent(`#blocks li[data-number="${head + 1}"]`)).toContain('subtensorModule.IncentiveAlphaEmittedToMiners');
    await shot('live');
  });
});
