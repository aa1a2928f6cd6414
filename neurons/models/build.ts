// Builds the demo's ONNX classifiers (neurons/models/*.onnx) for the digits task in neurons/data/digits.ts, with
// onnx-proto: no Python, no ML framework. Each model is trained here by plain gradient descent from a fixed seed, so
// the files are reproducible; their quality differs by design of the model, not by any delay:
//   mlp        63 → 32 ReLU → 10, all pixels                    (the best)
//   linear     softmax regression on all 63 pixels
//   top-rows   softmax regression that sees only the top three canvas rows (21 pixels)
// Run: npx tsx neurons/models/build.ts   (writes the .onnx files and neurons/models/models.json)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';
const { onnx } = onnxProto;
import { CANVAS_W, N_CLASSES, N_FEATURES, TRAIN_SEED, digitSet, heldOut, prng, type Sample } from '../data/digits.ts';

const outDir = path.dirname(fileURLToPath(import.meta.url));

interface Layer { w: Float32Array; b: Float32Array; nIn: number; nOut: number }

function initLayer(nIn: number, nOut: number, rand: () => number): Layer {
  const w = new Float32Array(nIn * nOut), s = Math.sqrt(2 / nIn);
  for (let i = 0; i < w.length; i++) w[i] = (rand() * 2 - 1) * s;
  return { w, b: new Float32Array(nOut), nIn, nOut };
}
function forwardLayer(l: Layer, x: Float32Array): Float32Array {
  const y = new Float32Array(l.nOut);
  for (let o = 0; o < l.nOut; o++) { let s = l.b[o]; for (let i = 0; i < l.nIn; i++) s += x[i] * l.w[i * l.nOut + o]; y[o] = s; }
  return y;
}
function softmaxGrad(logits: Float32Array, label: number): Float32Array {
  const m = Math.max(...logits); const e = Array.from(logits, v => Math.exp(v - m)); const z = e.reduce((a, b) => a + b, 0);
  return Float32Array.from(e, (v, i) => v / z - (i === label ? 1 : 0));
}

/** Trains [layers] with ReLU between them by SGD; `mask` zeroes inputs the model is not allowed to see. */
function train(sizes: number[], data: Sample[], epochs: number, lr: number, mask: (i: number) => boolean, seed: number): Layer[] {
  const rand = prng(seed);
  const layers = sizes.slice(1).map((n, k) => initLayer(sizes[k], n, rand));
  for (let ep = 0; ep < epochs; ep++) {
    for (const s of data) {
      const x0 = Float32Array.from(s.features, (v, i) => (mask(i) ? v : 0));
      const acts: Float32Array[] = [x0];
      for (let k = 0; k < layers.length; k++) {
        let y: Float32Array = forwardLayer(layers[k], acts[k]);
        if (k < layers.length - 1) y = y.map(v => Math.max(0, v));
        acts.push(y);
      }
      let g: Float32Array = softmaxGrad(acts[layers.length], s.label);
      for (let k = layers.length - 1; k >= 0; k--) {
        const l = layers[k], x = acts[k];
        const gin = new Float32Array(l.nIn);
        for (let i = 0; i < l.nIn; i++) for (let o = 0; o < l.nOut; o++) { gin[i] += l.w[i * l.nOut + o] * g[o]; l.w[i * l.nOut + o] -= lr * g[o] * x[i]; }
        for (let o = 0; o < l.nOut; o++) l.b[o] -= lr * g[o];
        g = k > 0 ? gin.map((v, i) => (x[i] > 0 ? v : 0)) : gin;
      }
    }
  }
  // Masked inputs get zero weights in the file: the model genuinely ignores them.
  const first = layers[0];
  for (let i = 0; i < first.nIn; i++) if (!mask(i)) for (let o = 0; o < first.nOut; o++) first.w[i * first.nOut + o] = 0;
  return layers;
}

function predict(layers: Layer[], features: number[]): number {
  let x: Float32Array = Float32Array.from(features);
  layers.forEach((l, k) => { x = forwardLayer(l, x); if (k < layers.length - 1) x = x.map(v => Math.max(0, v)); });
  return x.indexOf(Math.max(...x));
}

const tensor = (name: string, dims: number[], data: Float32Array): OnnxTypes.ITensorProto => ({
  name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
});
const valueInfo = (name: string, elemType: number, dims: (number | string)[]): OnnxTypes.IValueInfoProto => ({
  name, type: { tensorType: { elemType, shape: { dim: dims.map(d => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});

/** features [N, 63] float → label [N] int64: (MatMul, Add, Relu)* … MatMul, Add, ArgMax(axis 1). */
function toOnnx(name: string, layers: Layer[], doc: string): Uint8Array {
  const nodes: OnnxTypes.INodeProto[] = [], inits: OnnxTypes.ITensorProto[] = [];
  let cur = 'features';
  layers.forEach((l, k) => {
    inits.push(tensor(`W${k}`, [l.nIn, l.nOut], l.w), tensor(`B${k}`, [l.nOut], l.b));
    nodes.push({ opType: 'MatMul', input: [cur, `W${k}`], output: [`mm${k}`], name: `matmul${k}` });
    nodes.push({ opType: 'Add', input: [`mm${k}`, `B${k}`], output: [`z${k}`], name: `add${k}` });
    cur = `z${k}`;
    if (k < layers.length - 1) { nodes.push({ opType: 'Relu', input: [cur], output: [`h${k}`], name: `relu${k}` }); cur = `h${k}`; }
  });
  nodes.push({ opType: 'ArgMax', input: [cur], output: ['label'], name: 'argmax',
    attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }, { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] });
  const model: OnnxTypes.IModelProto = {
    irVersion: 8, producerName: 'subtensor-ts neurons/models/build.ts', modelVersion: 1, docString: doc,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name, node: nodes, initializer: inits,
      input: [valueInfo('features', onnx.TensorProto.DataType.FLOAT, ['N', N_FEATURES])],
      output: [valueInfo('label', onnx.TensorProto.DataType.INT64, ['N'])],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

const trainSet = digitSet(TRAIN_SEED, 3000);
const test = heldOut(1000);
const all = () => true;
const topRows = (i: number) => Math.floor(i / CANVAS_W) < 3;
const specs = [
  { name: 'mlp', sizes: [N_FEATURES, 32, N_CLASSES], epochs: 12, lr: 0.02, mask: all, doc: 'MLP 63-32-10 on all pixels' },
  { name: 'linear', sizes: [N_FEATURES, N_CLASSES], epochs: 8, lr: 0.01, mask: all, doc: 'softmax regression on all pixels' },
  { name: 'top-rows', sizes: [N_FEATURES, N_CLASSES], epochs: 8, lr: 0.01, mask: topRows, doc: 'softmax regression on the top 3 rows only' },
];
const summary: Record<string, { file: string; description: string; heldOutAccuracy: number; bytes: number }> = {};
fs.mkdirSync(outDir, { recursive: true });
for (const [k, s] of specs.entries()) {
  const layers = train(s.sizes, trainSet, s.epochs, s.lr, s.mask, 100 + k);
  const acc = test.filter(x => predict(layers, x.features) === x.label).length / test.length;
  const bytes = toOnnx(s.name, layers, s.doc);
  fs.writeFileSync(path.join(outDir, `${s.name}.onnx`), bytes);
  summary[s.name] = { file: `${s.name}.onnx`, description: s.doc, heldOutAccuracy: acc, bytes: bytes.length };
  console.log(`${s.name.padEnd(9)} held-out accuracy ${(acc * 100).toFixed(1)}%  ${bytes.length} bytes`);
}
fs.writeFileSync(path.join(outDir, 'models.json'), JSON.stringify(summary, null, 2) + '\n');
