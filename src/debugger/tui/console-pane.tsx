/**
 * The console: program output, evaluation inputs and results, and the input
 * line. While an evaluation waits it shows a spinner and the time elapsed.
 */
import { Text } from 'ink';
import { useEffect, useState, memo } from 'react';
import { Line, Pane } from './pane.js';
import type { ConsoleLine } from './model.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Props of {@link ConsolePane}. */
export interface ConsolePaneProps {
  lines: readonly ConsoleLine[];
  /** The input line's prompt and text; the cursor is drawn at `cursor`. */
  prompt: string;
  input: string;
  cursor: number;
  evaluating: { input: string; since: number } | undefined;
  width: number;
  height: number;
  focused: boolean;
  colors: boolean;
}

const colorOf: Record<ConsoleLine['kind'], string | undefined> = {
  input: 'cyan',
  result: undefined,
  error: 'red',
  output: 'gray',
  info: 'yellow',
};

/** Redrawn only when its props change: a pause changes few panes. */
export const ConsolePane = memo(function ConsolePane({
  lines,
  prompt,
  input,
  cursor,
  evaluating,
  width,
  height,
  focused,
  colors,
}: ConsolePaneProps) {
  const size = Math.max(0, height - 2);
  return (
    <Pane
      title="Console (evaluates in the selected frame; await works in fibers)"
      width={width}
      height={height}
      focused={focused}
      colors={colors}
    >
      {lines
        .slice(-size || lines.length)
        .slice(0, size)
        .map((line, index) => (
          <Line key={index} color={colors ? colorOf[line.kind] : undefined}>
            {line.kind === 'input' ? `» ${line.text}` : line.kind === 'output' ? `< ${line.text}` : line.text}
          </Line>
        ))}
      {Array.from({ length: Math.max(0, size - lines.length) }, (_, index) => (
        <Text key={`blank${index}`}> </Text>
      ))}
      {evaluating ? (
        <Waiting since={evaluating.since} colors={colors} />
      ) : (
        <InputLine prompt={prompt} input={input} cursor={cursor} focused={focused} />
      )}
    </Pane>
  );
});

function InputLine({ prompt, input, cursor, focused }: { prompt: string; input: string; cursor: number; focused: boolean }) {
  if (!focused) return <Line dim>{`${prompt}(! or Tab to type here)`}</Line>;
  const before = input.slice(0, cursor);
  const at = input.slice(cursor, cursor + 1) || ' ';
  const after = input.slice(cursor + 1);
  return (
    <Line>
      {prompt}
      {before}
      <Text inverse>{at}</Text>
      {after}
    </Line>
  );
}

/** The spinner line; its own timer, so only this line re-renders while waiting. */
function Waiting({ since, colors }: { since: number; colors: boolean }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, []);
  const elapsed = Math.max(0, now - since) / 1000;
  const frame = SPINNER[Math.floor(now / 100) % SPINNER.length];
  return <Line color={colors ? 'yellow' : undefined}>{`${frame} waiting ${elapsed.toFixed(1)}s (Ctrl+C abandons)`}</Line>;
}
