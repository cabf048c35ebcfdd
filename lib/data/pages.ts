import type { CallOperation, OperationInput, OperationName, OperationOutput } from "@/lib/operations/registry-types";

type ListName = {
  [N in OperationName]: OperationOutput<N> extends { items: unknown[]; next_cursor: string | null } ? N : never;
}[OperationName];

type ItemOf<N extends ListName> = OperationOutput<N> extends { items: (infer Item)[] } ? Item : never;

/**
 * Every item of a paginated list, following next_cursor, for the small catalogues a page
 * shows whole (devices, workspaces, tags, people). Bounded, so a huge fleet costs a known
 * number of requests; what lies beyond is reported as truncated.
 */
export async function allItems<N extends ListName>(
  call: CallOperation,
  name: N,
  input: OperationInput<N>,
  maxPages = 20,
): Promise<{ items: ItemOf<N>[]; truncated: boolean }> {
  const items: ItemOf<N>[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = (await call(name, {
      ...(input as object),
      limit: 100,
      ...(cursor ? { cursor } : {}),
    } as OperationInput<N>)) as unknown as {
      items: ItemOf<N>[];
      next_cursor: string | null;
    };
    items.push(...result.items);
    if (!result.next_cursor) return { items, truncated: false };
    cursor = result.next_cursor;
  }
  return { items, truncated: true };
}
