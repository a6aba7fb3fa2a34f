/** Keys sent a batch at a time (Azure DevOps descriptors compare case-insensitively, so duplicates go first). */
export async function inBatches<T>(
  keys: readonly string[],
  size: number,
  fetch: (batch: string[]) => Promise<T[]>,
): Promise<T[]> {
  const unique = [...new Map(keys.map((key) => [key.toLowerCase(), key])).values()];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += size) batches.push(unique.slice(i, i + size));
  return (await Promise.all(batches.map(fetch))).flat();
}
