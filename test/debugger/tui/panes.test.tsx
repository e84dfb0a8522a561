/**
 * The panes with ink's testing library: what each draws for given data, that
 * no line is wider than the pane, and the console's spinner while it waits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { ConsolePane } from '../../../src/debugger/tui/console-pane.js';
import { ListPane } from '../../../src/debugger/tui/list-pane.js';
import { SourcePane } from '../../../src/debugger/tui/source-pane.js';
import { StackPane } from '../../../src/debugger/tui/stack-pane.js';
import { VariablesPane } from '../../../src/debugger/tui/variables-pane.js';

const plain = (text: string | undefined) => (text ?? '').replace(/\x1b\[[0-9;]*m/g, '');
const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

test('source: current line, breakpoints, scrolled to the cursor, cut to the width', () => {
  const lines = Array.from({ length: 200 }, (_, i) => `const value${i} = ${i}; // a comment long enough to be cut at the pane's edge`);
  const { lastFrame, unmount } = render(
    <SourcePane
      path="app.js"
      lines={lines}
      currentLine={120}
      cursor={120}
      breakpointLines={new Set([118, 120])}
      width={50}
      height={9}
      focused
      colors={false}
    />,
  );
  const frame = plain(lastFrame());
  unmount();
  const rows = frame.split('\n');
  assert.equal(rows.length, 9);
  assert.match(rows[0]!, /^▶ Source app\.js/);
  assert.ok(
    rows.some((row) => row.startsWith('●>121 const value120 = 120;')),
    frame,
  );
  assert.ok(
    rows.some((row) => row.startsWith('● 119 const value118')),
    frame,
  );
  assert.ok(
    rows.some((row) => row.startsWith('  117 ')),
    'the window is around the cursor',
  );
  assert.ok(widest(frame) <= 50, frame);
});

test('stack: the selected frame and the fiber mark', () => {
  const frames = [
    { index: 0, functionName: 'handle', location: 'service.js:11:5' },
    { index: 1, functionName: 'emit', location: 'node:events:524:28' },
  ];
  const inFiber = plain(
    render(
      <StackPane frames={frames} selected={1} cursor={1} inFiber empty="(running)" width={40} height={4} focused={false} colors={false} />,
    ).lastFrame(),
  );
  assert.match(inFiber, /Stack \[fiber\]/);
  assert.match(inFiber, /^ ƒ#0 handle service\.js:11:5$/m);
  assert.match(inFiber, /^>ƒ#1 emit node:events:524:28$/m);
  const plainNode = plain(
    render(
      <StackPane
        frames={frames}
        selected={0}
        cursor={0}
        inFiber={false}
        empty="(running)"
        width={40}
        height={4}
        focused={false}
        colors={false}
      />,
    ).lastFrame(),
  );
  assert.match(plainNode, /Stack \[no fiber\]/);
  assert.match(plainNode, /^> #0 handle/m);
  const gone = plain(
    render(
      <StackPane
        frames={[]}
        selected={0}
        cursor={0}
        inFiber={undefined}
        empty="(the target is gone)"
        width={40}
        height={4}
        focused={false}
        colors={false}
      />,
    ).lastFrame(),
  );
  assert.match(gone, /\(the target is gone\)/);
});

test('variables: scopes, open and closed objects, indentation', () => {
  const rows = [
    { id: '0:Local', depth: 0, name: 'Local handle', summary: '', expandable: true, expanded: true },
    { id: '0:Local/order', depth: 1, name: 'order', summary: "{ id: 7, item: 'pizza' }", expandable: true, expanded: true },
    { id: '0:Local/order/id', depth: 2, name: 'id', summary: '7', expandable: false, expanded: false },
    { id: '0:Local/request', depth: 1, name: 'request', summary: 'IncomingMessage {…}', expandable: true, expanded: false },
    { id: '1:Global', depth: 0, name: 'Global', summary: '', expandable: true, expanded: false },
  ];
  const frame = plain(render(<VariablesPane rows={rows} cursor={0} width={40} height={6} focused colors={false} />).lastFrame());
  assert.deepEqual(frame.split('\n').slice(1), [
    '▾ Local handle',
    "  ▾ order: { id: 7, item: 'pizza' }",
    '      id: 7',
    '  ▸ request: IncomingMessage {…}',
    '▸ Global',
  ]);
});

test('watches and breakpoints lists: items, or how to add one', () => {
  assert.match(
    plain(
      render(
        <ListPane title="Watches" items={[]} empty="(w adds one)" cursor={0} width={30} height={3} focused={false} colors />,
      ).lastFrame(),
    ),
    /\(w adds one\)/,
  );
  const frame = plain(
    render(
      <ListPane
        title="Breakpoints"
        items={['#1 a.js:3', '#2 b.js:4', '#3 c.js:5']}
        empty=""
        cursor={2}
        width={30}
        height={3}
        focused
        colors
      />,
    ).lastFrame(),
  );
  assert.match(frame, /#2 b\.js:4\n#3 c\.js:5/, 'scrolled to the cursor');
});

test('console: the last lines, the input with its cursor, a spinner with the elapsed time while waiting', async () => {
  const lines = Array.from({ length: 30 }, (_, i) => ({ kind: 'output' as const, text: `line ${i}` }));
  const idle = render(
    <ConsolePane
      lines={lines}
      prompt="debug> "
      input="1 + 1"
      cursor={5}
      evaluating={undefined}
      width={60}
      height={5}
      focused
      colors={false}
    />,
  );
  assert.deepEqual(plain(idle.lastFrame()).split('\n').slice(1), ['< line 27', '< line 28', '< line 29', 'debug> 1 + 1']);
  idle.unmount();

  const waiting = render(
    <ConsolePane
      lines={[]}
      prompt="debug> "
      input=""
      cursor={0}
      evaluating={{ input: 'await x', since: performance.now() - 1500 }}
      width={60}
      height={4}
      focused
      colors={false}
    />,
  );
  const first = plain(waiting.lastFrame());
  assert.match(first, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] waiting 1\.5s \(Ctrl\+C abandons\)/);
  // The timer moves the elapsed time on by itself.
  const deadline = Date.now() + 3000;
  while (plain(waiting.lastFrame()) === first && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.match(plain(waiting.lastFrame()), /waiting 1\.[6-9]s|waiting [2-9]\.\ds/);
  waiting.unmount();
});
