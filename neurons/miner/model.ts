// An ONNX classifier run by onnxruntime-node (CPU). The runtime is imported on first use only: its native binding
// costs start-up time that the rest of the CLI (chain, wallet) should not pay.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHIPPED_MODELS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'models');
export const SHIPPED_MODELS = ['mlp', 'linear', 'top-rows'] as const;

/** `mlp` → the shipped file; anything else is a path to the user's own .onnx (features [N, F] float → label [N]). */
export function modelPath(nameOrPath: string): string {
  return (SHIPPED_MODELS as readonly string[]).includes(nameOrPath) ? path.join(SHIPPED_MODELS_DIR, `${nameOrPath}.onnx`) : path.resolve(nameOrPath);
}

type Ort = typeof import('onnxruntime-node');
let ort: Promise<Ort> | null = null;
const loadOrt = () => (ort ??= import('onnxruntime-node'));

export class OnnxClassifier {
  private constructor(readonly name: string, private session: import('onnxruntime-node').InferenceSession, private ortMod: Ort,
    readonly inputName: string, readonly outputName: string) {}

  static async load(nameOrPath: string): Promise<OnnxClassifier> {
    const o = await loadOrt();
    const session = await o.InferenceSession.create(modelPath(nameOrPath), { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 });
    return new OnnxClassifier(path.basename(nameOrPath, '.onnx'), session, o, session.inputNames[0], session.outputNames[0]);
  }

  /** One label per row. */
  async predict(rows: number[][]): Promise<number[]> {
    if (rows.length === 0) return [];
    const width = rows[0].length;
    if (rows.some(r => r.length !== width)) throw new Error('rows of different lengths');
    const data = new Float32Array(rows.length * width);
    rows.forEach((r, i) => data.set(r, i * width));
    const out = await this.session.run({ [this.inputName]: new this.ortMod.Tensor('float32', data, [rows.length, width]) });
    return Array.from(out[this.outputName].data as ArrayLike<number | bigint>, v => Number(v));
  }

  async close(): Promise<void> { await this.session.release(); }
}
