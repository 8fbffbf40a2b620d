/**
 * The few DOM node fields we use, as htmlparser2/domhandler (under cheerio) provides them.
 * Declared structurally so the rest of the code does not depend on domhandler's own types.
 */
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  parent: DomNode | null;
  next: DomNode | null;
  prev: DomNode | null;
}

export function isElement(node: DomNode): boolean {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** The text under a node, in document order (a stack, not recursion: nesting can be deep). */
export function textOf(node: DomNode): string {
  const parts: string[] = [];
  const stack: DomNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') parts.push(n.data ?? '');
    const children = n.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return parts.join('');
}

/** Detaches a node from its parent. */
export function detach(node: DomNode): void {
  const parent = node.parent;
  if (!parent?.children) return;
  const siblings = parent.children;
  // At either end (where the edge trims take their leaves) no search, and no shift of the others.
  if (siblings[siblings.length - 1] === node) siblings.pop();
  else if (siblings[0] === node) siblings.shift();
  else {
    const i = siblings.indexOf(node);
    if (i >= 0) siblings.splice(i, 1);
  }
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  node.parent = node.prev = node.next = null;
}

/**
 * Detaches many nodes with one pass over each parent's children: one `detach` each would search
 * and shift the children array per node, quadratic for thousands of siblings.
 */
export function detachAll(nodes: Iterable<DomNode>): void {
  const gone = new Set(nodes);
  const parents = new Set<DomNode>();
  for (const node of gone) if (node.parent) parents.add(node.parent);
  for (const parent of parents) {
    const kept = (parent.children ?? []).filter((child) => !gone.has(child));
    kept.forEach((child, i) => {
      child.prev = kept[i - 1] ?? null;
      child.next = kept[i + 1] ?? null;
    });
    parent.children = kept;
  }
  for (const node of gone) node.parent = node.prev = node.next = null;
}

/** Removes a node and everything after it in document order (the rest of the message). */
export function cutFrom(node: DomNode): void {
  let current: DomNode | null = node;
  while (current?.parent) {
    // The later siblings in one splice: detaching them one by one shifted the array each time.
    const siblings = current.parent.children ?? [];
    const at = siblings.indexOf(current);
    if (at >= 0) for (const later of siblings.splice(at + 1)) later.parent = later.prev = later.next = null;
    current.next = null;
    current = current.parent;
  }
  detach(node);
}

/** Picks an element by its name and attributes. */
export type Mark = (name: string, a: Record<string, string>) => boolean;

/** The elements under `root` (not root itself) that `mark` picks, in document order. */
export function elementsWhere(root: DomNode, mark: Mark): DomNode[] {
  const picked: DomNode[] = [];
  const stack: DomNode[] = [...(root.children ?? [])].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (isElement(node) && mark(node.name ?? '', node.attribs ?? {})) picked.push(node);
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return picked;
}
