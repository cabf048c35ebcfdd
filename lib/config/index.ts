import "server-only";
import { z } from "zod";
import { signingKeySchema, tokenKeysFrom, trustedKeysSchema, type TokenKeys } from "@/lib/auth/token-keys";

/**
 * Configuration is read once, validated here, and nowhere else reads `process.env`
 * for Busymate settings. Each variable carries the hint printed when it is wrong, so
 * a bad setting stops the process with one line that says what to set.
 */

type Env = Record<string, string | undefined>;

const port = z.coerce.number().int().min(1).max(65535);

interface Variable<T extends z.ZodType> {
  schema: T;
  hint: string;
  /** A secret: a malformed value is described by its length, never echoed. */
  sensitive?: boolean;
}

function variable<T extends z.ZodType>(schema: T, hint: string, options: { sensitive?: boolean } = {}): Variable<T> {
  return { schema, hint, ...options };
}

/** Variables every mode understands. Defaults describe the embedded stack. */
const common = {
  BUSYMATE_HOME: variable(z.string().min(1).default(".busymate"), "a directory path for local data, e.g. .busymate"),
  HOST: variable(z.string().min(1).default("127.0.0.1"), "the interface to listen on, e.g. 127.0.0.1"),
  PORT: variable(port.default(3000), "a free TCP port for the app, e.g. 3000"),
  DB_PORT: variable(port.default(54322), "a free TCP port for the embedded PostgreSQL, e.g. 54322"),
  SUPABASE_LOCAL_PORT: variable(port.default(54321), "a free TCP port for the local Supabase stand-in, e.g. 54321"),
  BUSYMATE_ADMIN_EMAIL: variable(
    z.email().default("admin@busymate.local"),
    "an email address, e.g. admin@busymate.local",
  ),
  BUSYMATE_ADMIN_PASSWORD: variable(
    z.string().min(12).optional(),
    "at least 12 characters, or leave it unset to generate one",
  ),
  BUSYMATE_APP_URL: variable(z.url().optional(), "the public origin of the app, e.g. https://busymate.example.com"),
  SUPABASE_AUTH_SIGN_IN_LIMIT: variable(
    z.coerce.number().int().min(1).max(100_000).default(30),
    "how many password sign-ins and sign-ups the embedded Auth allows per client IP per 5 minutes (the Supabase CLI's sign_in_sign_ups), e.g. 30",
  ),
  SUPABASE_AUTH_SIGN_IN_PER_EMAIL_LIMIT: variable(
    z.coerce.number().int().min(1).max(100_000).default(10),
    "how many password sign-ins the embedded Auth allows per e-mail address per 5 minutes, e.g. 10",
  ),
  BUSYMATE_AUDIT_RETENTION_DAYS: variable(
    z.coerce.number().int().min(1).max(3650).default(90),
    "how many days audit log rows are kept (1–3650), e.g. 90",
  ),
  BUSYBRO_MODEL_URL: variable(
    z.url().optional(),
    "the base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 (Ollama) or https://api.openai.com/v1",
  ),
  BUSYBRO_MODEL: variable(z.string().trim().min(1).max(200).optional(), "the model id, e.g. llama3.1 or gpt-4.1-mini"),
  BUSYBRO_API_KEY: variable(z.string().min(1).optional(), "the model server's API key, or leave it unset"),
  BUSYBRO_SEARCH_URL: variable(
    z.url().optional(),
    "a SearXNG-compatible search endpoint answering ?q=…&format=json, e.g. http://127.0.0.1:8888/search, or leave it unset",
  ),
  TELEGRAM_BOT_TOKEN: variable(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "must look like 123456789:AA…")
      .optional(),
    "the token @BotFather gave your bot, e.g. 123456789:AAE…, or leave it unset to turn Telegram off",
  ),
  TELEGRAM_WEBHOOK_SECRET: variable(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A-Z, a-z, 0-9, _ and -")
      .optional(),
    "a random string of 16–256 characters (A-Z, a-z, 0-9, _ and -) that Telegram sends back in X-Telegram-Bot-Api-Secret-Token",
  ),
  BUSYMATE_FETCH_ALLOW_LOOPBACK: variable(
    z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
    "true only for tests whose stand-in servers listen on loopback, else false (the default)",
  ),
  TELEGRAM_API_ROOT: variable(
    z.url().default("https://api.telegram.org"),
    "the Bot API server's origin, e.g. https://api.telegram.org (the default) or a local telegram-bot-api server",
  ),
};

/** BusyBro's model: both variables or neither (BusyBro then answers 503 saying what to set). */
function checkBusybro(values: Parsed<typeof common>): void {
  const url = values.BUSYBRO_MODEL_URL;
  const model = values.BUSYBRO_MODEL;
  if (url && !model)
    throw new ConfigError([
      `BUSYBRO_MODEL is not set: BUSYBRO_MODEL_URL is, so set it to ${common.BUSYBRO_MODEL.hint}.`,
    ]);
  if (model && !url)
    throw new ConfigError([
      `BUSYBRO_MODEL_URL is not set: BUSYBRO_MODEL is, so set it to ${common.BUSYBRO_MODEL_URL.hint}.`,
    ]);
}

/** Telegram: the webhook is only ever accepted with its secret, so a token needs one. */
function checkTelegram(values: Parsed<typeof common>): void {
  if (values.TELEGRAM_BOT_TOKEN && !values.TELEGRAM_WEBHOOK_SECRET)
    throw new ConfigError([
      `TELEGRAM_WEBHOOK_SECRET is not set: TELEGRAM_BOT_TOKEN is, so set it to ${common.TELEGRAM_WEBHOOK_SECRET.hint}.`,
    ]);
}

/**
 * URLs fetched on a user's behalf never reach loopback in a deployment: the test switch is
 * refused when the app says it is served over https.
 */
function checkOutbound(values: Parsed<typeof common>): void {
  if (values.BUSYMATE_FETCH_ALLOW_LOOPBACK && values.BUSYMATE_APP_URL?.startsWith("https:"))
    throw new ConfigError([
      `BUSYMATE_FETCH_ALLOW_LOOPBACK is true while BUSYMATE_APP_URL is https: set it to false (it is for tests on loopback only).`,
    ]);
}

/** Variables that together select production mode: all of them, or none. */
const production = {
  DATABASE_URL: variable(
    z.string().regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// URL"),
    "your Supabase Postgres connection string, postgres://user:password@host:5432/postgres",
  ),
  NEXT_PUBLIC_SUPABASE_URL: variable(z.url(), "your Supabase project URL, e.g. https://xyz.supabase.co"),
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: variable(
    z.string().min(20),
    "the project's publishable key (sb_publishable_…)",
  ),
  SUPABASE_SECRET_KEY: variable(z.string().min(20), "the project's secret key (sb_secret_…)", { sensitive: true }),
  SUPABASE_JWT_SECRET: variable(
    z.string().min(32).optional(),
    "the project's legacy JWT secret (at least 32 characters)",
    { sensitive: true },
  ),
  BUSYMATE_JWT_SIGNING_KEY: variable(
    signingKeySchema.optional(),
    "the private ES256 JWK (JSON, with kid) imported into the Supabase project as a signing key; make one with `busymate keys generate`",
    { sensitive: true },
  ),
  BUSYMATE_JWT_TRUSTED_KEYS: variable(
    trustedKeysSchema.optional(),
    "JSON: the JWK (or an array, or a JWKS) of the previous or next signing key during a rotation, or leave it unset",
    { sensitive: true },
  ),
};

/**
 * Busymate signs its tokens with a signing key the project has imported (asymmetric mode) or
 * with the legacy JWT secret; one of the two is needed, and trusted keys only beside a signing key.
 */
function checkSigning(values: Partial<Parsed<typeof production>>): string[] {
  if (!values.BUSYMATE_JWT_SIGNING_KEY && !values.SUPABASE_JWT_SECRET)
    return [
      `SUPABASE_JWT_SECRET is not set: set it to ${production.SUPABASE_JWT_SECRET.hint}, or set BUSYMATE_JWT_SIGNING_KEY to ${production.BUSYMATE_JWT_SIGNING_KEY.hint}.`,
    ];
  if (values.BUSYMATE_JWT_TRUSTED_KEYS && !values.BUSYMATE_JWT_SIGNING_KEY)
    return [
      `BUSYMATE_JWT_SIGNING_KEY is not set: BUSYMATE_JWT_TRUSTED_KEYS is, so set it to ${production.BUSYMATE_JWT_SIGNING_KEY.hint}.`,
    ];
  const current = values.BUSYMATE_JWT_SIGNING_KEY?.kid;
  if (current && values.BUSYMATE_JWT_TRUSTED_KEYS?.some((key) => key.kid === current))
    return [
      `BUSYMATE_JWT_TRUSTED_KEYS is malformed (it repeats the signing key's kid "${current}"): list only other keys.`,
    ];
  return [];
}

function signingValues(env: Env): Partial<Parsed<typeof production>> {
  const signing = {
    SUPABASE_JWT_SECRET: production.SUPABASE_JWT_SECRET,
    BUSYMATE_JWT_SIGNING_KEY: production.BUSYMATE_JWT_SIGNING_KEY,
    BUSYMATE_JWT_TRUSTED_KEYS: production.BUSYMATE_JWT_TRUSTED_KEYS,
  };
  return parseVariables(env, signing);
}

/** The production variables, each checked, then the signing rule; every problem reported at once. */
function parseProduction(env: Env): Parsed<typeof production> {
  let values: Parsed<typeof production> | undefined;
  let problems: string[] = [];
  try {
    values = parseVariables(env, production);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems = error.problems;
  }
  // A malformed signing variable is reported already; the rule is checked on well-formed ones.
  const signingNames = ["SUPABASE_JWT_SECRET", "BUSYMATE_JWT_SIGNING_KEY", "BUSYMATE_JWT_TRUSTED_KEYS"];
  if (!problems.some((line) => signingNames.includes(line.split(" ")[0])))
    problems.push(...checkSigning(values ?? signingValues(env)));
  if (problems.length > 0) throw new ConfigError(problems);
  return values!;
}

export const productionVariables = Object.keys(production) as (keyof typeof production)[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

type Parsed<V extends Record<string, Variable<z.ZodType>>> = { [K in keyof V]: z.output<V[K]["schema"]> };

function parseVariables<V extends Record<string, Variable<z.ZodType>>>(env: Env, vars: V): Parsed<V> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, { schema, hint, sensitive }] of Object.entries(vars)) {
    const raw = env[name] === "" ? undefined : env[name];
    const result = schema.safeParse(raw);
    if (result.success) {
      out[name] = result.data;
    } else if (raw === undefined) {
      problems.push(`${name} is not set: set it to ${hint}.`);
    } else {
      const got = sensitive ? `got ${raw.length} characters` : `got "${raw}"`;
      problems.push(
        `${name} is malformed (${result.error.issues[0]?.message ?? "invalid"}, ${got}): set it to ${hint}.`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Parsed<V>;
}

export type Mode = "embedded" | "production";

export type LauncherConfig = Parsed<typeof common> & {
  mode: Mode;
  /** Present only in production mode; embedded mode generates its own. */
  production?: Parsed<typeof production>;
};

/**
 * What `npm start` needs to decide what to run. No production variable set means the
 * embedded default; any of them set means production, and then all are required.
 */
export function readLauncherConfig(env: Env): LauncherConfig {
  const base = parseVariables(env, common);
  checkBusybro(base);
  checkTelegram(base);
  checkOutbound(base);
  const setOnes = productionVariables.filter((name) => env[name]);
  if (setOnes.length === 0) return { ...base, mode: "embedded" };
  try {
    return { ...base, mode: "production", production: parseProduction(env) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const because = `production mode (${setOnes.join(", ")} set) needs it`;
    throw new ConfigError(error.problems.map((line) => line.replace(/: set it to /, ` — ${because}: set it to `)));
  }
}

export type ServerConfig = Parsed<typeof common> &
  Parsed<typeof production> & {
    mode: Mode;
    appUrl: string;
    /** What Busymate signs and verifies its tokens with (lib/auth/token-keys.ts). */
    tokenKeys: TokenKeys;
  };

/**
 * The full configuration the running app reads. In embedded mode the launcher has
 * filled in the production-shaped variables from the generated `local.env`, so the app
 * code never needs to know which mode it is in to reach the database or Supabase.
 */
export function readServerConfig(env: Env): ServerConfig {
  const base = parseVariables(env, common);
  checkBusybro(base);
  checkTelegram(base);
  checkOutbound(base);
  const prod = parseProduction(env);
  const mode: Mode = env.BUSYMATE_MODE === "embedded" ? "embedded" : "production";
  const appUrl = base.BUSYMATE_APP_URL ?? `http://${base.HOST}:${base.PORT}`;
  const tokenKeys = tokenKeysFrom({
    signingKey: prod.BUSYMATE_JWT_SIGNING_KEY,
    trustedKeys: prod.BUSYMATE_JWT_TRUSTED_KEYS,
    jwtSecret: prod.SUPABASE_JWT_SECRET,
  })!;
  return { ...base, ...prod, mode, appUrl: appUrl.replace(/\/$/, ""), tokenKeys };
}

let cached: ServerConfig | undefined;

/** The app's configuration, validated on first use and then kept for the process. */
export function serverConfig(): ServerConfig {
  cached ??= readServerConfig(process.env);
  return cached;
}
