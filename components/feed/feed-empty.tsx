import Link from "next/link";
import { Button, buttonClass } from "@/components/ui/button";
import { StateMessage } from "@/components/ui/state-message";

/** Why the list is empty, and the next step: pair a device, wait for traffic, or loosen the filters. */
export function FeedEmpty({
  filtered,
  pinned = false,
  hasDevices,
  onClearFilters,
}: {
  filtered: boolean;
  /** The workspace's Pinned view. */
  pinned?: boolean;
  hasDevices: boolean;
  onClearFilters: () => void;
}) {
  if (pinned) {
    return (
      <StateMessage title="Nothing pinned in this workspace yet">
        <p>Open a capture and press Pin to keep it here, whichever device it came from.</p>
      </StateMessage>
    );
  }
  if (filtered) {
    return (
      <StateMessage
        title="No captures match these filters"
        action={<Button onClick={onClearFilters}>Clear filters</Button>}
      >
        <p>Try fewer filters or a shorter search term; search looks inside full URLs, query strings included.</p>
      </StateMessage>
    );
  }
  if (!hasDevices) {
    return (
      <StateMessage
        title="No devices yet — pair one"
        action={
          <Link href="/devices?add=1" className={buttonClass("primary")}>
            Add a device
          </Link>
        }
      >
        <p>
          Captures come from your devices: the Busymate iOS app, a proxy, or the busymate CLI. Adding a device gives you
          a pairing code and the exact command to run.
        </p>
      </StateMessage>
    );
  }
  return (
    <StateMessage title="No captures yet">
      <p>Your devices have not sent any traffic. Start capturing on one of them; new requests appear here live.</p>
    </StateMessage>
  );
}
