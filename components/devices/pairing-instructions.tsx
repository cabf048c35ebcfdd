"use client";

import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { pairingCommands, type PairingCode } from "@/lib/data/devices/pairing";
import { formatDateTime } from "@/lib/feed/format";

/** The one-time code and the exact ways to use it; the code works once, for ten minutes. */
export function PairingInstructions({ pairing }: { pairing: PairingCode }) {
  const commands = pairingCommands(pairing.code, window.location.origin);
  return (
    <div className="space-y-3 text-sm" data-testid="pairing-instructions">
      <p>
        Pairing code{" "}
        <strong className="font-mono text-lg tracking-widest" data-testid="pairing-code">
          {pairing.code}
        </strong>
        <span className="text-zinc-500"> — works once, until {formatDateTime(pairing.expires_at)}.</span>
      </p>
      <p>In the Busymate iOS app, enter it on the pairing screen. With the busymate CLI, run:</p>
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <CodeBlock label="CLI command">{commands.cli}</CodeBlock>
        </div>
        <CopyButton text={commands.cli} />
      </div>
      <p>Any other client exchanges the code over HTTP for its credential:</p>
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <CodeBlock label="HTTP command">{commands.http}</CodeBlock>
        </div>
        <CopyButton text={commands.http} />
      </div>
    </div>
  );
}
