import { filterHeaders, type NamedValue } from "@/lib/render/headers";

/** Headers in the order they were sent (duplicates kept), narrowed by the pane's header search. */
export function HeadersTable({ title, headers, search }: { title: string; headers: NamedValue[]; search: string }) {
  const shown = filterHeaders(headers, search);
  return (
    <section aria-label={title} className="space-y-1">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
        {title}{" "}
        <span className="font-normal normal-case">
          ({search ? `${shown.length} of ${headers.length}` : headers.length})
        </span>
      </h3>
      {shown.length === 0 ? (
        <p className="text-xs text-zinc-500">{headers.length === 0 ? "None." : "No header matches the search."}</p>
      ) : (
        <table className="w-full table-fixed text-xs">
          <tbody>
            {shown.map((h, i) => (
              <tr key={`${h.name}-${i}`} className="align-top odd:bg-zinc-50 dark:odd:bg-zinc-900/60">
                <th
                  scope="row"
                  className="w-1/3 truncate py-0.5 pr-2 text-left font-mono font-medium text-zinc-700 dark:text-zinc-300"
                  title={h.name}
                >
                  {h.name}
                </th>
                <td className="py-0.5 font-mono break-all text-zinc-900 dark:text-zinc-100">{h.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
