// cli-progress ships no types (and @types/cli-progress is not a dependency): the part cli/ui.ts uses.
declare module 'cli-progress' {
  export class SingleBar {
    constructor(opts: Record<string, unknown>, preset?: unknown);
    start(total: number, value: number, payload?: Record<string, unknown>): void;
    increment(step?: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
  export const Presets: { shades_classic: unknown };
  const _default: { SingleBar: typeof SingleBar; Presets: typeof Presets };
  export default _default;
}
