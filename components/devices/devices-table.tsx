import Link from "next/link";
import type { Device } from "@/lib/data/devices";
import { OnlineBadge } from "./online-badge";
import { RenameInline } from "./rename-inline";

interface DevicesTableProps {
  devices: Device[];
  now: number | null;
  canEdit: boolean;
  /** Fleet-scope roles see everyone's devices and need to know whose each is. */
  showOwner: boolean;
  ownerLabel: (userId: string) => string;
}

export function DevicesTable({ devices, now, canEdit, showOwner, ownerLabel }: DevicesTableProps) {
  return (
    <table className="w-full text-left text-sm" data-testid="devices-table">
      <caption className="sr-only">Devices</caption>
      <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800">
        <tr>
          {["Name", "Kind", "OS", ...(showOwner ? ["Owner"] : []), "State", "IP", "VPN", "Source", "Country", ""].map(
            (h, i) => (
              <th key={`${h}-${i}`} scope="col" className="px-2 py-2 font-medium">
                {h}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.uuid} data-device={d.uuid} className="border-b border-zinc-100 dark:border-zinc-800/70">
            <td className="px-2 py-1.5">
              <RenameInline device={d} canEdit={canEdit} />
            </td>
            <td className="px-2 py-1.5">{d.kind}</td>
            <td className="px-2 py-1.5">{d.os ?? "—"}</td>
            {showOwner && <td className="px-2 py-1.5 text-xs">{ownerLabel(d.owner_user_id)}</td>}
            <td className="px-2 py-1.5">
              <OnlineBadge status={d.status} now={now} />
            </td>
            <td className="px-2 py-1.5 font-mono text-xs">{d.status?.ip ?? "—"}</td>
            <td className="px-2 py-1.5 text-xs">{d.status?.vpn_state ?? "—"}</td>
            <td className="px-2 py-1.5 text-xs">{d.status?.source ?? "—"}</td>
            <td className="px-2 py-1.5 text-xs">{d.status?.country ?? "—"}</td>
            <td className="px-2 py-1.5 text-right">
              <Link
                href={`/devices/${d.uuid}`}
                className="text-xs font-medium text-sky-700 hover:underline dark:text-sky-400"
              >
                Details<span className="sr-only"> of {d.name}</span>
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
