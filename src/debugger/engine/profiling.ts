/**
 * `node inspect`'s profiling commands on a session's connection: CPU
 * profiles (`profile`, `profileEnd`, `profiles[N].save()`, written as
 * `.cpuprofile` JSON that Chrome DevTools opens) and heap snapshots
 * (`takeHeapSnapshot()`, written as `.heapsnapshot`).
 */
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Protocol } from 'devtools-protocol/types/protocol.js';
import { BalrogError } from '../../core/errors.js';
import type { CdpClient } from '../cdp/client.js';

/** A recorded CPU profile. */
export class CpuProfile {
  constructor(readonly data: Protocol.Profiler.Profile) {}

  /** Length in microseconds. */
  get durationMicros(): number {
    return this.data.endTime - this.data.startTime;
  }

  /** As `node inspect` prints it: `[Profile 1234μs]`. */
  toString(): string {
    return `[Profile ${this.durationMicros}μs]`;
  }

  /** Writes the profile as JSON; returns the absolute path. */
  async save(file = 'node.cpuprofile'): Promise<string> {
    const path = resolve(file);
    await writeText(path, [JSON.stringify(this.data)]);
    return path;
  }
}

/** Profiles recorded in this session, in order. */
export class Profiler {
  readonly profiles: CpuProfile[] = [];
  private running = false;

  constructor(private readonly client: CdpClient) {}

  async start(): Promise<void> {
    if (this.running)
      throw new BalrogError('a CPU profile is already being recorded: `profileEnd` stops it', { code: 'ERR_BALROG_PROFILE' });
    await this.client.send('Profiler.enable');
    await this.client.send('Profiler.start');
    this.running = true;
  }

  async stop(): Promise<CpuProfile> {
    if (!this.running) throw new BalrogError('no CPU profile is being recorded: start one with `profile`', { code: 'ERR_BALROG_PROFILE' });
    const { profile } = await this.client.send('Profiler.stop');
    this.running = false;
    const recorded = new CpuProfile(profile);
    this.profiles.push(recorded);
    return recorded;
  }

  /**
   * Takes a heap snapshot and streams it to `file` (default
   * `node.heapsnapshot`); `progress(done, total)` is called as V8 reports it.
   */
  async takeHeapSnapshot(file = 'node.heapsnapshot', progress?: (done: number, total: number) => void): Promise<string> {
    const path = resolve(file);
    const chunks: string[] = [];
    const onChunk = ({ chunk }: { chunk: string }): void => void chunks.push(chunk);
    const onProgress = ({ done, total }: { done: number; total: number }): void => progress?.(done, total);
    this.client.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    this.client.on('HeapProfiler.reportHeapSnapshotProgress', onProgress);
    try {
      await this.client.send('HeapProfiler.takeHeapSnapshot', { reportProgress: progress !== undefined });
    } finally {
      this.client.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
      this.client.off('HeapProfiler.reportHeapSnapshotProgress', onProgress);
    }
    await writeText(path, chunks);
    return path;
  }
}

function writeText(path: string, parts: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const stream = createWriteStream(path);
    stream.on('error', (error) =>
      reject(new BalrogError(`cannot write ${path}: ${error.message}`, { code: 'ERR_BALROG_PROFILE', cause: error })),
    );
    stream.on('finish', () => resolvePromise());
    for (const part of parts) stream.write(part);
    stream.end();
  });
}
