/**
 * The TUI's view logic without a terminal: layout at common sizes, the key
 * table's footer and help, the console's line editor and history, the
 * variable tree, highlighting segments.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from 'ink';
import { highlightSegments } from '../../../src/debugger/tui/highlight-segments.js';
import { footerText, helpLines, keyName, keyTable } from '../../../src/debugger/tui/keys.js';
import { computeLayout } from '../../../src/debugger/tui/layout.js';
import { editLine, emptyLine, walkHistory } from '../../../src/debugger/tui/line-editor.js';
import { childNodes, findNode, pendingFetches, scopeNodes, visibleRows } from '../../../src/debugger/tui/variable-tree.js';

test('layout: the parts add up to the terminal at 80x24 and 120x40, one line spare', () => {
  for (const [columns, rows] of [
    [80, 24],
    [120, 40],
  ] as const) {
    for (const counts of [
      { frames: 1, watches: 0, breakpoints: 0 },
      { frames: 30, watches: 9, breakpoints: 9 },
      // Non-stop mode: the fibers pane too.
      { frames: 1, watches: 0, breakpoints: 0, fibers: 0 },
      { frames: 30, watches: 9, breakpoints: 9, fibers: 9 },
    ]) {
      const l = computeLayout(columns, rows, counts);
      assert.equal(1 + l.mainHeight + l.consoleHeight + 1, rows - 1);
      assert.equal(l.fibersHeight > 0, 'fibers' in counts, 'a fibers pane in non-stop mode only');
      assert.equal(l.fibersHeight + l.stackHeight + l.variablesHeight + l.watchesHeight + l.breakpointsHeight, l.mainHeight);
      assert.equal(l.sourceWidth + 2 + l.sideWidth, columns);
      assert.ok(l.variablesHeight >= 4, `room for variables at ${columns}x${rows}`);
    }
  }
});

const key = (patch: Partial<Key> = {}) => ({ ...patch }) as Key;

test('footer fits 80 columns and names every footer key; help lists every key', () => {
  const footer = footerText(80);
  assert.ok(footer.length <= 80);
  for (const binding of keyTable.filter((k) => k.footer)) {
    assert.ok(footer.includes(`${binding.keys[0]}:${binding.footer}`), binding.keys[0]);
  }
  assert.match(footerText(120), /^c cont {2}n next/);
  assert.equal(helpLines().length, keyTable.length);
  assert.match(helpLines().join('\n'), /^q +leave: breakpoints removed, the target resumed$/m);
  assert.match(helpLines().join('\n'), /^! : +console/m, 'the console keys, `:` included');
  // The help pane has the main area and the console's lines at 80x24 (its title takes one).
  const layout = computeLayout(80, 24, { frames: 1, watches: 0, breakpoints: 0 });
  assert.ok(helpLines().length <= layout.mainHeight + layout.consoleHeight - 1, 'the help fits 80x24');
});

/** What a terminal's key press looks like to ink, for each key name the table uses. */
const presses: Record<string, [string, Partial<Key>]> = {
  'Ctrl+C': ['c', { ctrl: true }],
  Tab: ['', { tab: true }],
  'Shift+Tab': ['', { tab: true, shift: true }],
  Enter: ['', { return: true }],
  Esc: ['', { escape: true }],
  '↑': ['', { upArrow: true }],
  '↓': ['', { downArrow: true }],
  '←': ['', { leftArrow: true }],
  '→': ['', { rightArrow: true }],
  PgUp: ['', { pageUp: true }],
  PgDn: ['', { pageDown: true }],
  Space: [' ', {}],
};

test('the key table dispatches: every key it names is the name of a key press, and one binding owns each key', () => {
  const owners = new Map<string, string>();
  for (const binding of keyTable) {
    for (const name of binding.keys) {
      const [input, patch] = presses[name] ?? [name, {}];
      assert.equal(name.length === 1 || presses[name] !== undefined, true, `${name}: a key name keyName() can produce`);
      assert.equal(keyName(input, key(patch)), name, `${name} is what keyName() calls its press`);
      assert.equal(owners.get(name), undefined, `${name} is bound twice (${owners.get(name)} and ${binding.help})`);
      owners.set(name, binding.help);
    }
  }
  for (const name of [':', 'Space', 'e', 'f', 'B', 'N', 't', 'C']) assert.ok(owners.has(name), `${name} is in the table`);
});

test('line editor: typing, moving, deleting, pasted newlines', () => {
  let line = editLine(emptyLine, 'await x', key());
  line = editLine(line, '', key({ leftArrow: true }));
  line = editLine(line, 'y', key());
  assert.deepEqual(line, { text: 'await yx', cursor: 7 });
  line = editLine(line, '', key({ backspace: true }));
  assert.deepEqual(line, { text: 'await x', cursor: 6 });
  line = editLine(line, 'a', key({ ctrl: true }));
  assert.equal(line.cursor, 0);
  assert.equal(editLine(line, '', key({ upArrow: true })), line, 'not an editing key');
  assert.equal(editLine(emptyLine, 'a\nb', key()).text, 'a b');
});

test('history: up walks back, down returns to an empty line', () => {
  const history = ['one', 'two'];
  const up = walkHistory(history, 2, -1)!;
  assert.deepEqual(up, { index: 1, line: { text: 'two', cursor: 3 } });
  assert.equal(walkHistory(history, 0, -1), undefined);
  assert.deepEqual(walkHistory(history, 1, 1), { index: 2, line: { text: '', cursor: 0 } });
});

test('variable tree: local scopes open, global closed, children fetched on demand', () => {
  const nodes = scopeNodes([
    { type: 'local', label: 'Local f', objectId: 'L' },
    { type: 'closure', label: 'Closure', objectId: 'C' },
    { type: 'global', label: 'Global', objectId: 'G' },
  ]);
  assert.deepEqual(
    pendingFetches(nodes).map((n) => n.objectId),
    ['L'],
  );
  nodes[0]!.children = childNodes(nodes[0]!, [
    { name: 'order', summary: '{ id: 7 }', objectId: 'O' },
    { name: 'n', summary: '1', objectId: undefined },
  ]);
  assert.deepEqual(
    visibleRows(nodes).map((r) => `${r.depth}${r.expandable ? (r.expanded ? 'v' : '>') : ' '}${r.name}`),
    ['0vLocal f', '1>order', '1 n', '0>Closure', '0>Global'],
  );
  const order = findNode(nodes, '0:Local f/order')!;
  order.expanded = true;
  assert.deepEqual(
    pendingFetches(nodes).map((n) => n.objectId),
    ['O'],
  );
  assert.equal(visibleRows(nodes)[1]!.summary, '…', 'loading');
});

test('highlight segments give the line back, keywords and strings colored', () => {
  const line = 'const note = `order ${id}`; // why';
  const segments = highlightSegments(line);
  assert.equal(segments.map((s) => s.text).join(''), line);
  assert.deepEqual(
    segments.filter((s) => s.color).map((s) => [s.text, s.color]),
    [
      ['const', 'magenta'],
      ['`order ${id}`', 'green'],
      ['// why', 'gray'],
    ],
  );
});
