/**
 * The call stack of a pause, in original-source terms, and which frame the
 * user selected with `up`/`down`/`frame N`.
 */
import type { Protocol } from 'devtools-protocol/types/protocol.js';
import { BalrogError } from '../../core/errors.js';
import type { ScriptRegistry, SourcePosition } from './scripts.js';

/** One frame of a paused stack. */
export interface Frame {
  index: number;
  functionName: string;
  position: SourcePosition;
  /** URL of the generated script the frame runs in (before source maps). */
  scriptUrl: string;
  /** 0-based position in that generated script. */
  generatedLine: number;
  generatedColumn: number;
  callFrameId: string;
  scopeChain: Protocol.Debugger.Scope[];
  thisObject: Protocol.Runtime.RemoteObject;
}

/** The frames of the current pause and the selected one. */
export class FrameStack {
  readonly frames: Frame[];
  private selectedIndex = 0;

  constructor(callFrames: Protocol.Debugger.CallFrame[], scripts: ScriptRegistry) {
    this.frames = callFrames.map((frame, index) => ({
      index,
      functionName: frame.functionName || '(anonymous)',
      position: scripts.toOriginal(frame.location),
      scriptUrl: scripts.get(frame.location.scriptId)?.url ?? '',
      generatedLine: frame.location.lineNumber,
      generatedColumn: frame.location.columnNumber ?? 0,
      callFrameId: frame.callFrameId,
      scopeChain: frame.scopeChain,
      thisObject: frame.this,
    }));
  }

  /** The frame evaluations and `list` use. */
  get selected(): Frame {
    return this.frames[this.selectedIndex]!;
  }

  /** Selects frame `index` (0 = innermost). */
  select(index: number): Frame {
    if (!Number.isInteger(index) || index < 0 || index >= this.frames.length) {
      throw new BalrogError(`there is no frame ${index}: frames are 0 to ${this.frames.length - 1} (see \`bt\`)`, {
        code: 'ERR_BALROG_DEBUG_NOT_FOUND',
      });
    }
    this.selectedIndex = index;
    return this.selected;
  }

  /** Moves the selection towards callers (`up`, positive) or callees (`down`, negative). */
  move(delta: number): Frame {
    const target = this.selectedIndex + delta;
    if (target < 0) throw new BalrogError('already at the innermost frame', { code: 'ERR_BALROG_DEBUG_NOT_FOUND' });
    if (target >= this.frames.length) throw new BalrogError('already at the outermost frame', { code: 'ERR_BALROG_DEBUG_NOT_FOUND' });
    return this.select(target);
  }
}
