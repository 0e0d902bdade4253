import type { Ast } from './types.js';

/** Identifiers in source order, each once. */
export function collectRefs(ast: Ast): string[] {
  const seen = new Set<string>();
  const visit = (node: Ast): void => {
    switch (node.kind) {
      case 'ident':
        seen.add(node.name);
        return;
      case 'unary':
        visit(node.operand);
        return;
      case 'binary':
        visit(node.left);
        visit(node.right);
        return;
      case 'in':
        visit(node.value);
        node.list.forEach(visit);
        return;
      case 'conditional':
        visit(node.test);
        visit(node.then);
        visit(node.otherwise);
        return;
      case 'call':
        node.args.forEach(visit);
        return;
      default:
        return;
    }
  };
  visit(ast);
  return [...seen];
}
