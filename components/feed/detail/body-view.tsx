"use client";

import { useMemo } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { renderBody, truncationNotice } from "@/lib/render/body";
import type { Body } from "@/lib/capture/traffic-log-entry";
import { formatBytes } from "@/lib/feed/format";
import { HexView } from "./hex-view";
import { JsonTreeView } from "./json-tree-view";

/** A request or response body as what it is: JSON tree, text, image, or hex. */
export function BodyView({
  title,
  body,
  contentType,
}: {
  title: string;
  body: Omit<Body, "params"> | undefined;
  contentType?: string;
}) {
  const rendered = useMemo(() => renderBody(body, contentType), [body, contentType]);
  const notice = truncationNotice(body, formatBytes);
  return (
    <section aria-label={title} className="space-y-1">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
        {title}
        {body && (
          <span className="font-normal normal-case">
            {" "}
            ({formatBytes(body.size)}
            {body.mimeType ? `, ${body.mimeType}` : ""})
          </span>
        )}
      </h3>
      {notice && (
        <p
          role="note"
          data-testid="truncated-notice"
          className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {notice}
        </p>
      )}
      {rendered.kind === "empty" && <p className="text-xs text-zinc-500">No body.</p>}
      {rendered.kind === "json" && <JsonTreeView value={rendered.value} />}
      {rendered.kind === "text" && <CodeBlock label={title}>{rendered.text}</CodeBlock>}
      {rendered.kind === "image" && (
        // A data URL of captured bytes: next/image cannot optimise it and must not fetch it.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={rendered.dataUrl}
          alt={`${title} (${rendered.mimeType})`}
          className="max-h-80 max-w-full rounded border border-zinc-200 bg-[conic-gradient(#eee_25%,#fff_0_50%,#eee_0_75%,#fff_0)] bg-[length:16px_16px] dark:border-zinc-700"
        />
      )}
      {rendered.kind === "binary" && <HexView bytes={rendered.bytes} />}
    </section>
  );
}
