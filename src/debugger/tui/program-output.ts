/**
 * The launched program's stdout and stderr for the TUI: writable streams
 * that the child target writes to, kept until the TUI's model exists and
 * then passed to its console pane, so the program's output never writes
 * over the screen.
 */
import { Writable } from 'node:stream';
import type { TuiModel } from './model.js';

/** Lines kept before the TUI starts (the program's startup output). */
const EARLY_LIMIT = 500;

/** Collects a program's output for the console pane. */
export class ProgramOutput {
  readonly stdout = this.stream(false);
  readonly stderr = this.stream(true);
  private model: TuiModel | undefined;
  private released = false;
  private readonly early: Array<{ text: string; isError: boolean }> = [];

  /** From now on, output goes to `model`'s console (and what came before, too). */
  connect(model: TuiModel): void {
    this.model = model;
    for (const { text, isError } of this.early.splice(0)) model.output(text, isError);
  }

  /** The TUI is gone: output goes to this process's stdout and stderr again, as in line mode. */
  release(): void {
    this.model = undefined;
    this.released = true;
    // What the program wrote while the TUI was leaving (it resumes the program first).
    for (const { text, isError } of this.early.splice(0)) (isError ? process.stderr : process.stdout).write(text.replace(/^(?=.)/gm, '< '));
  }

  private stream(isError: boolean): Writable {
    return new Writable({
      decodeStrings: false,
      write: (chunk: string | Buffer, _encoding, done) => {
        // The child target prefixes each line with `< ` for line mode; the pane marks output itself.
        if (this.released) {
          (isError ? process.stderr : process.stdout).write(chunk, () => done());
          return;
        }
        const text = String(chunk).replace(/^< /gm, '');
        if (this.model && !this.model.disposed) this.model.output(text, isError);
        else if (this.early.push({ text, isError }) > EARLY_LIMIT) this.early.shift();
        done();
      },
    });
  }
}
