/**
 * The console's input line while it has the focus: editing, history, and
 * what Enter does for each kind of prompt (evaluate, search, add a watch,
 * open the script chosen in the picker, set a conditional breakpoint).
 */
import type { Key } from 'ink';
import type { KeyContext } from './keys.js';
import { editLine, emptyLine, walkHistory } from './line-editor.js';

/** A plain key press (text), for the text of a pasted chunk. */
const noKey = {} as Key;

/** A key while the console has the focus. */
export function consoleKey(context: KeyContext, input: string, key: Key): void {
  // Typed-ahead or pasted text arrives as one chunk: each line in it is submitted in turn.
  if (input.length > 1 && /[\r\n]/.test(input) && !key.ctrl && !key.meta) {
    const parts = input.split(/\r\n|\r|\n/);
    parts.forEach((part, index) => {
      if (part) context.update({ line: editLine(context.view().line, part, noKey) });
      if (index < parts.length - 1) submit(context);
    });
    return;
  }
  const { line, prompt, history, historyIndex, cursors } = context.view();
  if (key.escape) context.update({ prompt: 'eval', line: emptyLine, focus: 'source' });
  else if (key.return) submit(context);
  else if (key.tab) context.update({ focus: key.shift ? 'breakpoints' : 'source' });
  else if ((key.upArrow || key.downArrow) && prompt === 'open') {
    const count = context.model.scriptChoices(line.text).length;
    const picker = Math.max(0, Math.min(count - 1, cursors.picker + (key.upArrow ? -1 : 1)));
    context.update({ cursors: { ...cursors, picker } });
  } else if ((key.upArrow || key.downArrow) && prompt === 'eval') {
    const walked = walkHistory(history, Math.min(historyIndex, history.length), key.upArrow ? -1 : 1);
    if (walked) context.update({ historyIndex: walked.index, line: walked.line });
  } else {
    const edited = editLine(line, input, key);
    // A new filter: the picker's choice starts again from the best match.
    if (edited !== line) context.update({ line: edited, ...(prompt === 'open' ? { cursors: { ...cursors, picker: 0 } } : {}) });
  }
}

/** Enter: does what the prompt is for, then returns to an empty evaluation line. */
function submit(context: KeyContext): void {
  const { model } = context;
  const { line, prompt, history, lastSearch, cursors, conditionLine } = context.view();
  const text = line.text;
  switch (prompt) {
    case 'eval': {
      const kept = text.trim() && history[history.length - 1] !== text ? [...history, text] : history;
      context.update({ line: emptyLine, history: kept, historyIndex: kept.length });
      void model.evaluate(text);
      return;
    }
    case 'watch':
      model.addWatch(text);
      context.update({ line: emptyLine, prompt: 'eval', focus: 'watches' });
      return;
    case 'search': {
      const needle = text || lastSearch;
      const found = needle ? model.search(needle, cursors.source) : undefined;
      context.update({
        line: emptyLine,
        prompt: 'eval',
        focus: 'source',
        lastSearch: needle,
        cursors: found === undefined ? cursors : { ...cursors, source: found },
      });
      return;
    }
    case 'open': {
      const chosen = model.scriptChoices(text)[cursors.picker];
      context.update({ line: emptyLine, prompt: 'eval', focus: 'source', cursors: chosen ? { ...cursors, source: 0 } : cursors });
      if (chosen) void model.openScript(chosen.url);
      return;
    }
    case 'condition':
      context.update({ line: emptyLine, prompt: 'eval', focus: 'source' });
      void model.setConditionalBreakpoint(conditionLine, text);
      return;
  }
}
