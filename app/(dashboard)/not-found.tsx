import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { StateMessage } from "@/components/ui/state-message";

export default function DashboardNotFound() {
  return (
    <StateMessage
      title="There is no page here"
      action={
        <Link href="/feed" className={buttonClass("primary")}>
          Go to the feed
        </Link>
      }
    >
      <p>The address may be mistyped, or the page was moved. The sections above list everything your role can open.</p>
    </StateMessage>
  );
}
