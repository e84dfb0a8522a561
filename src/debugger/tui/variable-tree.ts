/**
 * The variables pane's tree: scopes at the top, their variables below, any
 * object opened on demand. Children are fetched when a node is first
 * expanded and kept while the pause lasts (the inspector's object ids die
 * with the pause, so the tree is rebuilt at every pause).
 */
import type { ScopeEntry, Variable } from '../engine/variables.js';

/** A node of the tree. */
export interface VariableNode {
  /** Stable within a pause: the names on the path from the scope, joined. */
  id: string;
  name: string;
  summary: string;
  objectId: string | undefined;
  depth: number;
  expanded: boolean;
  children: VariableNode[] | undefined;
  /** Set when fetching the children failed. */
  error?: string;
}

/** A visible row of the tree, as the pane draws it. */
export interface VariableRow {
  id: string;
  depth: number;
  name: string;
  summary: string;
  expandable: boolean;
  expanded: boolean;
}

/** Scope types whose variables are shown open at each pause. */
const OPEN_SCOPES = new Set(['local', 'block', 'catch', 'module', 'with']);

/**
 * Top-level nodes for a frame's scopes: the ones in {@link OPEN_SCOPES} open,
 * or, when `open` is given (the same frame, reloaded), the nodes that were open.
 */
export function scopeNodes(scopes: ScopeEntry[], open?: ReadonlySet<string>): VariableNode[] {
  return scopes.map((scope, index) => {
    const id = `${index}:${scope.label}`;
    return {
      id,
      name: scope.label,
      summary: '',
      objectId: scope.objectId,
      depth: 0,
      expanded: scope.objectId !== undefined && (open ? open.has(id) : OPEN_SCOPES.has(scope.type)),
      children: undefined,
    };
  });
}

/** Child nodes for the fetched properties of `parent`; those in `open` open. */
export function childNodes(parent: VariableNode, variables: Variable[], open?: ReadonlySet<string>): VariableNode[] {
  return variables.map((variable) => {
    const id = `${parent.id}/${variable.name}`;
    return {
      id,
      name: variable.name,
      summary: variable.summary,
      objectId: variable.objectId,
      depth: parent.depth + 1,
      expanded: variable.objectId !== undefined && (open?.has(id) ?? false),
      children: undefined,
    };
  });
}

/** Ids of the open nodes, to open them again when the same frame is reloaded. */
export function openIds(nodes: readonly VariableNode[]): Set<string> {
  const ids = new Set<string>();
  const walk = (list: readonly VariableNode[]): void => {
    for (const node of list) {
      if (!node.expanded) continue;
      ids.add(node.id);
      if (node.children) walk(node.children);
    }
  };
  walk(nodes);
  return ids;
}

/** The rows to draw: every node whose ancestors are all expanded. */
export function visibleRows(nodes: readonly VariableNode[]): VariableRow[] {
  const rows: VariableRow[] = [];
  const walk = (list: readonly VariableNode[]): void => {
    for (const node of list) {
      rows.push({
        id: node.id,
        depth: node.depth,
        name: node.name,
        summary: node.error ? `(${node.error})` : node.expanded && !node.children ? '…' : node.summary,
        expandable: node.objectId !== undefined,
        expanded: node.expanded,
      });
      if (node.expanded && node.children) walk(node.children);
    }
  };
  walk(nodes);
  return rows;
}

/** Finds a node by id. */
export function findNode(nodes: readonly VariableNode[], id: string): VariableNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    if (node.children && id.startsWith(`${node.id}/`)) {
      const found = findNode(node.children, id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Expanded nodes whose children are not fetched yet. */
export function pendingFetches(nodes: readonly VariableNode[]): VariableNode[] {
  const pending: VariableNode[] = [];
  const walk = (list: readonly VariableNode[]): void => {
    for (const node of list) {
      if (node.expanded && !node.children && !node.error && node.objectId) pending.push(node);
      if (node.expanded && node.children) walk(node.children);
    }
  };
  walk(nodes);
  return pending;
}
