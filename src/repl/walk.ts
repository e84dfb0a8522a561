/**
 * A generic walk over babel's AST: every property that holds a node or an
 * array of nodes is a child. Small and dependency-free, so the REPL does not
 * load @babel/traverse.
 */
import type { Node } from '@babel/types';

const notChildren = new Set([
  'type',
  'start',
  'end',
  'loc',
  'range',
  'extra',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'errors',
  'comments',
  'tokens',
]);

/** The child nodes of `node`, in source order. */
export function children(node: Node): Node[] {
  const result: Node[] = [];
  for (const key of Object.keys(node)) {
    if (notChildren.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) result.push(item);
    } else if (isNode(value)) {
      result.push(value);
    }
  }
  return result.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Names bound by a declaration's pattern (`{a, b: [c], ...d}` binds a, c, d). */
export function boundNames(pattern: Node | null | undefined, into: string[] = []): string[] {
  if (!pattern) return into;
  switch (pattern.type) {
    case 'Identifier':
      into.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        boundNames(prop.type === 'RestElement' ? prop : (prop.value as Node), into);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) boundNames(element, into);
      break;
    case 'RestElement':
      boundNames(pattern.argument, into);
      break;
    case 'AssignmentPattern':
      boundNames(pattern.left, into);
      break;
    default:
      break;
  }
  return into;
}
