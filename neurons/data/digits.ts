// A small, real classification task generated deterministically: the ten digits of a 5×7 dot-matrix font, placed
// at a random offset on a 7×9 canvas, with a dropped-out stroke pixel now and then and salt-and-pepper noise.
// 63 features in {0, 1}, 10 classes. Train and held-out sets come from different seeds, so no sample is shared.
export const GLYPH_W = 5, GLYPH_H = 7, CANVAS_W = 7, CANVAS_H = 9;
export const N_FEATURES = CANVAS_W * CANVAS_H, N_CLASSES = 10;

const FONT: string[][] = [
  ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  ['11111', '00010', '00100', '00010', '00001', '10001', '01110'],
  ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
];

/** mulberry32: a tiny seeded PRNG, so every run and every machine draws the same samples. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Sample { features: number[]; label: number }

export const NOISE = { flip: 0.04, dropout: 0.08 };

export function digitSample(rand: () => number, label = Math.floor(rand() * N_CLASSES)): Sample {
  const dx = Math.floor(rand() * (CANVAS_W - GLYPH_W + 1)), dy = Math.floor(rand() * (CANVAS_H - GLYPH_H + 1));
  const img = new Array<number>(N_FEATURES).fill(0);
  for (let y = 0; y < GLYPH_H; y++) for (let x = 0; x < GLYPH_W; x++) {
    if (FONT[label][y][x] === '1' && rand() >= NOISE.dropout) img[(y + dy) * CANVAS_W + x + dx] = 1;
  }
  for (let i = 0; i < N_FEATURES; i++) if (rand() < NOISE.flip) img[i] = 1 - img[i];
  return { features: img, label };
}

export function digitSet(seed: number, n: number): Sample[] {
  const rand = prng(seed);
  return Array.from({ length: n }, () => digitSample(rand));
}

/** The split every part agrees on: models train on TRAIN_SEED, validators draw tasks from HELDOUT_SEED. */
export const TRAIN_SEED = 1, HELDOUT_SEED = 2;
export const heldOut = (n = 1000) => digitSet(HELDOUT_SEED, n);
