/**
 * The path by which a BOM of `productId` would consume its own product through its components' BOMs
 * (`productId -> component -> ... -> productId`), or undefined when there is none. `bomsOf` gives the components of
 * each stored BOM of a product (every BOM counts: a rule may choose any). Multi-level propagation (decision
 * planning-016) relies on BOMs forming no cycle: it is refused at entry.
 */
export async function bomCycle(
  productId: string,
  componentIds: readonly string[],
  bomsOf: (productId: string) => Promise<readonly (readonly string[])[]>,
): Promise<string[] | undefined> {
  const explored = new Set<string>();
  const walk = async (path: string[]): Promise<string[] | undefined> => {
    const at = path[path.length - 1] as string;
    if (at === productId) return path;
    if (explored.has(at)) return undefined;
    explored.add(at);
    for (const components of await bomsOf(at)) {
      for (const c of components) {
        const found = await walk([...path, c]);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const c of componentIds) {
    const found = await walk([productId, c]);
    if (found) return found;
  }
  return undefined;
}
