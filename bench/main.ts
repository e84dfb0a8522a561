/**
 * `npm run bench`: runs every benchmark section, prints the tables and, on a
 * full run, writes BENCHMARKS.md with the machine and Node version.
 * `npm run bench -- core repl` runs only the sections named (and writes nothing).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './section.js';

const sections = ['core', 'repl', 'repl-debug', 'runtime', 'debugger', 'debugger-tui', 'kernel'] as const;

function table(section: BenchSection): string {
  const lines = [`## ${section.title}`, '', '| what | result | target | met |', '|---|---|---|---|'];
  for (const row of section.rows) {
    const met = row.ok === undefined ? '' : row.ok ? 'yes' : '**no**';
    lines.push(`| ${row.name} | ${row.value} | ${row.target ?? ''} | ${met} |`);
  }
  for (const note of section.notes ?? []) lines.push('', note);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length ? sections.filter((s) => only.includes(s)) : sections;
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${memory}, ${os.type()} ${os.release()}`;
  const header = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `- Machine: ${machine}`,
    `- Node: ${process.version} (V8 ${process.versions.v8})`,
    `- Load average when it started: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  ].join('\n');
  console.log(header);
  const parts = [header];
  for (const name of chosen) {
    let text: string;
    try {
      const module = (await import(`./${name}.js`)) as { run(): Promise<BenchSection> };
      text = table(await module.run());
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(`${name}.js`)) continue;
      text = `## ${name}\n\nfailed: ${(error as Error).stack ?? error}`;
      process.exitCode = 1;
    }
    console.log(`\n${text}`);
    parts.push(text);
  }
  if (only.length === 0) {
    writeFileSync(fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url)), `${parts.join('\n\n')}\n`);
  }
  // Sections leave servers and workers behind them at worst; the run is over.
  process.exit();
}

await main();
