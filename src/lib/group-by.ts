/**
 * The items grouped by a key: keys in the order each first appears, each group in the items' order
 * (what `Map.groupBy` does from Node 21 on; costlens runs on Node 20).
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  let index = 0;
  for (const item of items) {
    const key = keyOf(item, index++);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
