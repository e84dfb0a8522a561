/**
 * Splice-based source editing that remembers where every character came from,
 * so that line:column positions in the edited code (as V8 reports them in
 * stack traces) can be mapped back into the user's input.
 */

/** One replacement of `input[start, end)` by `text`; `start === end` inserts. */
interface Splice {
  start: number;
  end: number;
  text: string;
  /** Creation order, so that insertions at one position keep the order they were made in. */
  order: number;
}

/** A 1-based line and a 1-based column, as in V8's stack frames. */
export interface Position {
  line: number;
  column: number;
}

/** An unchanged stretch: `length` characters at `outStart` in the output came from `inStart`. */
interface Segment {
  outStart: number;
  inStart: number;
  length: number;
}

/** Maps positions in edited code back to the input it was made from. */
export interface InputMap {
  /** Where output position `pos` came from in the input (inserted text maps to where it was inserted). */
  toInput(pos: Position): Position;
}

/** The {@link InputMap} of one {@link SourceEdit}. */
export class PositionMap implements InputMap {
  readonly #segments: Segment[];
  readonly #input: string;
  readonly #output: string;
  // Line tables are built on the first lookup: most inputs never have a position mapped.
  #inLines: number[] | undefined;
  #outLines: number[] | undefined;

  constructor(input: string, output: string, segments: Segment[]) {
    this.#segments = segments;
    this.#input = input;
    this.#output = output;
  }

  /** The identity map of `source`. */
  static identity(source: string): PositionMap {
    return new PositionMap(source, source, [{ outStart: 0, inStart: 0, length: source.length }]);
  }

  /** The same map for output that got `columns` extra characters at its very start. */
  shifted(columns: number): InputMap {
    return {
      toInput: (pos) => this.toInput(pos.line === 1 ? { line: 1, column: Math.max(pos.column - columns, 1) } : pos),
    };
  }

  toInput(pos: Position): Position {
    this.#outLines ??= lineStarts(this.#output);
    this.#inLines ??= lineStarts(this.#input);
    const lineStart = this.#outLines[pos.line - 1];
    if (lineStart === undefined) return pos;
    const offset = lineStart + Math.max(pos.column - 1, 0);
    let inOffset = 0;
    for (const segment of this.#segments) {
      if (offset < segment.outStart) break;
      inOffset =
        offset < segment.outStart + segment.length ? segment.inStart + (offset - segment.outStart) : segment.inStart + segment.length;
    }
    return offsetToPosition(this.#inLines, inOffset);
  }
}

/** Collects splices over one input and applies them in a single pass. */
export class SourceEdit {
  readonly input: string;
  readonly #splices: Splice[] = [];

  constructor(input: string) {
    this.input = input;
  }

  /** Replaces `input[start, end)` with `text`. */
  replace(start: number, end: number, text: string): void {
    this.#splices.push({ start, end, text, order: this.#splices.length });
  }

  /** Inserts `text` before `input[at]`. */
  insert(at: number, text: string): void {
    this.replace(at, at, text);
  }

  /** Replaces `input[start, end)` with spaces, keeping line breaks so that lines stay put. */
  blank(start: number, end: number): void {
    this.replace(start, end, this.input.slice(start, end).replace(/[^\r\n]/g, ' '));
  }

  /** The edited code and the map from its positions back to the input. */
  apply(): { code: string; map: PositionMap } {
    const splices = [...this.#splices].sort(
      (a, b) => a.start - b.start || (a.end - a.start === 0 ? 0 : 1) - (b.end - b.start === 0 ? 0 : 1) || a.order - b.order,
    );
    const segments: Segment[] = [];
    let code = '';
    let cursor = 0;
    for (const splice of splices) {
      if (splice.start < cursor) {
        throw new Error(`internal error: overlapping edits at ${splice.start} (previous edit ends at ${cursor})`);
      }
      if (splice.start > cursor) {
        segments.push({ outStart: code.length, inStart: cursor, length: splice.start - cursor });
        code += this.input.slice(cursor, splice.start);
      }
      if (splice.text.length === splice.end - splice.start && /^[ \r\n]*$/.test(splice.text)) {
        // Blanked text keeps its columns: map it one to one.
        segments.push({ outStart: code.length, inStart: splice.start, length: splice.text.length });
      }
      code += splice.text;
      cursor = splice.end;
    }
    segments.push({ outStart: code.length, inStart: cursor, length: this.input.length - cursor });
    code += this.input.slice(cursor);
    return { code, map: new PositionMap(this.input, code, segments) };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function offsetToPosition(lines: number[], offset: number): Position {
  let line = 0;
  while (line + 1 < lines.length && lines[line + 1]! <= offset) line++;
  return { line: line + 1, column: offset - lines[line]! + 1 };
}
