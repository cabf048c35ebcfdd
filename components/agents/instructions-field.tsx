"use client";

import Markdown from "markdown-to-jsx/react";

/** Raw HTML in instructions stays text: only Markdown's own elements render. */
const MARKDOWN = { disableParsingRawHTML: true, forceBlock: true } as const;

const markdownClass =
  "space-y-2 text-sm [&_code]:font-mono [&_h1]:text-base [&_h1]:font-semibold [&_h2]:font-semibold [&_li]:ml-4 [&_ol]:list-decimal [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-100 [&_pre]:p-2 [&_ul]:list-disc dark:[&_pre]:bg-zinc-900";

export function InstructionsPreview({ text }: { text: string }) {
  return (
    <div className={markdownClass} data-testid="instructions-preview">
      {text.trim() ? (
        <Markdown options={MARKDOWN}>{text}</Markdown>
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">No instructions: BusyBro answers as itself.</p>
      )}
    </div>
  );
}

/** The instructions, written in Markdown beside their preview (stacked on narrow screens). */
export function InstructionsField({
  value,
  onChange,
  invalid,
}: {
  value: string;
  onChange: (next: string) => void;
  invalid: boolean;
}) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <label className="flex flex-col gap-1 text-xs font-medium">
        Instructions (Markdown)
        <textarea
          value={value}
          onChange={(e) => onChange(e.target.value)}
          rows={16}
          maxLength={20_000}
          spellCheck
          aria-invalid={invalid}
          placeholder={"You know Stripe's API.\n\n- Explain payment intents\n- Point at the failing webhook"}
          className="min-h-64 resize-y rounded-md border border-zinc-300 bg-transparent p-2 font-mono text-xs leading-5 dark:border-zinc-700"
        />
        <span className="font-normal text-zinc-600 dark:text-zinc-400">
          {value.length.toLocaleString("en-US")} / 20,000 characters
        </span>
      </label>
      <section aria-label="Instructions preview" className="flex flex-col gap-1">
        <h3 className="text-xs font-medium">Preview</h3>
        <div className="min-h-64 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <InstructionsPreview text={value} />
        </div>
      </section>
    </div>
  );
}
