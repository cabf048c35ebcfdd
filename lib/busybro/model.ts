import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { ServerConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";

type ModelSettings = Partial<Pick<ServerConfig, "BUSYBRO_MODEL_URL" | "BUSYBRO_MODEL" | "BUSYBRO_API_KEY">>;

/** What to set when no model is configured: the ask API's 503, the chat panel's notice. */
export const NO_MODEL = new AppError(
  "SERVICE_UNAVAILABLE",
  "BusyBro has no model configured on this server.",
  "Set BUSYBRO_MODEL_URL (an OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 for Ollama) and " +
    "BUSYBRO_MODEL (the model id, e.g. llama3.1), plus BUSYBRO_API_KEY if the server needs one, then restart Busymate.",
);

export type ModelFor = (modelId?: string | null) => LanguageModel;

/**
 * BusyBro's model from the validated configuration: any OpenAI-compatible server. An agent's
 * own `model` overrides the id on the same server. Null when none is configured.
 */
export function configuredModel(settings: ModelSettings): ModelFor | null {
  if (!settings.BUSYBRO_MODEL_URL || !settings.BUSYBRO_MODEL) return null;
  const provider = createOpenAICompatible({
    name: "busybro",
    baseURL: settings.BUSYBRO_MODEL_URL.replace(/\/$/, ""),
    apiKey: settings.BUSYBRO_API_KEY,
    includeUsage: true,
  });
  const fallback = settings.BUSYBRO_MODEL;
  return (modelId) => provider.chatModel(modelId || fallback);
}
