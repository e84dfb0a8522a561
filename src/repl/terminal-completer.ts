/**
 * The terminal REPL's completer: dot-commands at the start of a line (as
 * node:repl's own completer offers them), everything else from the evaluator.
 */
import type { ReplEvaluator } from './evaluator.js';

/** A readline completer over `evaluator`, with `commands()` naming the REPL's dot-commands (without the dot). */
export function replCompleter(evaluator: Pick<ReplEvaluator, 'complete'>, commands: () => string[]): (line: string) => [string[], string] {
  return (line) => {
    const command = /^\s*\.(\w*)$/.exec(line);
    if (command) {
      const names = commands()
        .filter((name) => name.startsWith(command[1]!))
        .sort();
      return [names.map((name) => `.${name}`), `.${command[1]}`];
    }
    return evaluator.complete(line);
  };
}
