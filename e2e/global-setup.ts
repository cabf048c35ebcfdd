import { removeHome, stackOptions, startStack } from "../lib/testing/stack";
import { describeFindings, findSecrets, logFilesUnder, secretsOfEnv } from "../lib/testing/secret-scan";
import { startE2eModel } from "./support/busybro-model";
import { startE2eTelegram } from "./support/telegram";

/**
 * Starts Busymate once for the whole run (with BusyBro on a scripted model and Telegram on a
 * fake Bot API) and hands its URL to every test.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const model = await startE2eModel();
  const telegram = await startE2eTelegram();
  const options = await stackOptions();
  options.env = {
    BUSYBRO_MODEL_URL: model.baseURL,
    BUSYBRO_MODEL: "scripted-e2e",
    ...telegram.env,
    // Every spec signs in from this one address; the default (30 per 5 minutes) is for people.
    SUPABASE_AUTH_SIGN_IN_LIMIT: "2000",
    SUPABASE_AUTH_SIGN_IN_PER_EMAIL_LIMIT: "2000",
  };
  const stack = await startStack(options);
  process.env.BUSYMATE_E2E_URL = stack.appUrl;
  // Specs read the stack's local.env (keys, database, seeded people) from its home.
  process.env.BUSYMATE_E2E_HOME = options.home;
  return async () => {
    await stack.stop();
    await model.close();
    await telegram.close();
    // The whole run's logs (the app's output, PostgreSQL's and the Supabase stand-in's files)
    // hold none of the secrets the stack and the specs seeded.
    const findings = findSecrets(
      [{ name: "the stack's stdout and stderr", text: stack.output() }, ...logFilesUnder(options.home)],
      [...secretsOfEnv(stack.localEnv, "local.env"), ...secretsOfEnv(options.env ?? {}, "the stack's environment")],
    );
    await removeHome(options.home);
    if (findings.length > 0) throw new Error(describeFindings(findings));
  };
}
