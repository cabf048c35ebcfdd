"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { hexLineCount, hexLines } from "@/lib/render/hex";

const STEP = 256; // lines, 4 KB

/** Binary bodies as a hex dump, 4 KB at a time. */
export function HexView({ bytes }: { bytes: Uint8Array }) {
  const [lines, setLines] = useState(STEP);
  const total = hexLineCount(bytes);
  return (
    <div className="space-y-1">
      <pre
        data-testid="hex-view"
        className="max-h-[32rem] overflow-auto rounded-md bg-zinc-50 p-2 font-mono text-xs leading-5 dark:bg-zinc-900"
      >
        {hexLines(bytes, 0, lines).map((line) => (
          <div key={line.offset}>
            <span className="text-zinc-500">{line.offset}</span> {line.hex}{" "}
            <span className="text-zinc-600 dark:text-zinc-400">|{line.ascii}|</span>
          </div>
        ))}
      </pre>
      {lines < total && (
        <Button size="sm" variant="ghost" onClick={() => setLines(lines + STEP)}>
          Show more ({((total - lines) * 16).toLocaleString("en-US")} bytes left)
        </Button>
      )}
    </div>
  );
}
