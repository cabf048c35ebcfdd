/** Minimal, self-contained HTML for the few pages the custom server answers itself. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

export function simplePage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Busymate</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1.5rem;color:#18181b}h1{font-size:1.4rem}code{background:#f4f4f5;padding:0 .25rem;border-radius:.25rem}a{color:#0369a1}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
