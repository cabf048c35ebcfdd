import { lastMessage, startScriptedModel, toolResults, type ScriptedModel } from "@/lib/busybro/testing/scripted-model";

/**
 * The model behind the e2e stack's BusyBro: a scripted OpenAI-compatible server (the provider
 * is the real AI SDK one). A question about devices reads them with list_devices and answers
 * with the count; a question asking for a long story streams slowly, so it can be stopped.
 */
export function startE2eModel(): Promise<ScriptedModel> {
  return startScriptedModel((request) => {
    const last = lastMessage(request);
    if (last.role === "tool") {
      const items = (JSON.parse(toolResults(request).at(-1) ?? "{}") as { items?: unknown[] }).items ?? [];
      return { text: `You can see **${items.length} devices**.` };
    }
    const question = String(last.content ?? "");
    if (/devices/i.test(question)) return { toolCalls: [{ name: "list_devices", arguments: {} }] };
    if (/long story/i.test(question)) return { text: "Once upon a time, ".repeat(300), chunks: 300, delayMs: 40 };
    return { text: "Hello from BusyBro." };
  });
}
