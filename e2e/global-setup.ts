import { removeHome, stackOptions, startStack } from "../lib/testing/stack";
import { startE2eModel } from "./support/busybro-model";

/** Starts Busymate once for the whole run (with BusyBro on a scripted model) and hands its URL to every test. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const model = await startE2eModel();
  const options = await stackOptions();
  options.env = { BUSYBRO_MODEL_URL: model.baseURL, BUSYBRO_MODEL: "scripted-e2e" };
  const stack = await startStack(options);
  process.env.BUSYMATE_E2E_URL = stack.appUrl;
  // Specs read the stack's local.env (keys, database, seeded people) from its home.
  process.env.BUSYMATE_E2E_HOME = options.home;
  return async () => {
    await stack.stop();
    await model.close();
    await removeHome(options.home);
  };
}
