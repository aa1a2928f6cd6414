// The shipped ONNX models run in onnxruntime-node and their accuracy on the held-out digits is what models.json
// (written by neurons/models/build.ts) records — and the models are ordered mlp > linear > top-rows, the quality gap
// the demo's incentive ordering rests on. Labels come from the generator, independent of any model.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { OnnxClassifier, SHIPPED_MODELS, SHIPPED_MODELS_DIR } from '../../neurons/miner/model.ts';
import { heldOut, digitSet, TRAIN_SEED, HELDOUT_SEED } from '../../neurons/data/digits.ts';

describe('shipped ONNX classifiers', () => {
  const recorded = JSON.parse(fs.readFileSync(path.join(SHIPPED_MODELS_DIR, 'models.json'), 'utf8'));
  const test = heldOut(1000);
  const accuracy: Record<string, number> = {};

  it.each([...SHIPPED_MODELS])('%s: small, loads, and scores its recorded held-out accuracy', async name => {
    expect(fs.statSync(path.join(SHIPPED_MODELS_DIR, `${name}.onnx`)).size).toBeLessThan(20_000);
    const m = await OnnxClassifier.load(name);
    const pred = await m.predict(test.map(s => s.features));
    expect(pred).toHaveLength(1000);
    expect(pred.every(p => Number.isInteger(p) && p >= 0 && p < 10)).toBe(true);
    accuracy[name] = pred.filter((p, i) => p === test[i].label).length / test.length;
    // float32 in onnxruntime vs the trainer's float32/double mix: the same argmax but for rare near-ties.
    expect(Math.abs(accuracy[name] - recorded[name].heldOutAccuracy)).toBeLessThanOrEqual(0.005);
    await m.close();
  });

  it('quality is ordered mlp > linear > top-rows with clear gaps, and far above chance (10%)', () => {
    expect(accuracy.mlp).toBeGreaterThan(accuracy.linear + 0.1);
    expect(accuracy.linear).toBeGreaterThan(accuracy['top-rows'] + 0.2);
    expect(accuracy['top-rows']).toBeGreaterThan(0.15);
  });

  it('train and held-out sets share no sample stream', () => {
    expect(TRAIN_SEED).not.toBe(HELDOUT_SEED);
    const a = digitSet(TRAIN_SEED, 50).map(s => s.features.join(''));
    const b = heldOut(50).map(s => s.features.join(''));
    expect(a).not.toEqual(b);
    expect(heldOut(20)).toEqual(heldOut(20)); // deterministic
  });

  it('a model given rows of the wrong width fails loudly', async () => {
    const m = await OnnxClassifier.load('linear');
    await expect(m.predict([[1, 2, 3]])).rejects.toThrow();
    await m.close();
  });
});
