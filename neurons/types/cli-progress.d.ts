// cli-progress ships no types; the demo uses one bar.
declare module 'cli-progress' {
  export class SingleBar {
    constructor(opts: Record<string, unknown>, preset?: unknown);
    start(total: number, value: number): void;
    update(value: number): void;
    stop(): void;
  }
  export const Presets: { shades_classic: unknown };
  const cliProgress: { SingleBar: typeof SingleBar; Presets: typeof Presets };
  export default cliProgress;
}
