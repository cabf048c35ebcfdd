/** Opens the chat panel from anywhere on the page, optionally asking a question at once. */
export const OPEN_EVENT = "busybro:open";

export function openBusyBro(question?: string): void {
  window.dispatchEvent(new CustomEvent<{ question?: string }>(OPEN_EVENT, { detail: { question } }));
}
