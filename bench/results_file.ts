// bench/RESULTS.md is shared by every benchmark: each one owns one "## Heading" section and replaces only that.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');

/** Replaces the section that starts with `## ${heading}` (up to the next `## `) with `section`, or appends it. */
export function writeResultsSection(heading: string, section: string): void {
  const text = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : '# Benchmark results\n';
  const body = section.trimEnd() + '\n';
  const start = text.search(new RegExp(`^## ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm'));
  let next: string;
  if (start >= 0) {
    const rest = text.slice(start + 1);
    const after = rest.search(/^## /m);
    next = after >= 0 ? text.slice(0, start) + body + '\n' + text.slice(start + 1 + after) : text.slice(0, start) + body;
  } else {
    next = text.trimEnd() + '\n\n' + body;
  }
  fs.writeFileSync(RESULTS_FILE, next);
  console.log(`wrote the "${heading}" section of bench/RESULTS.md`);
}
