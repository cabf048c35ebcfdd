import { removeHome, stackOptions, startStack } from "../lib/testing/stack";

/** Starts Busymate once for the whole run and hands its URL to every test. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const options = await stackOptions();
  const stack = await startStack(options);
  process.env.BUSYMATE_E2E_URL = stack.appUrl;
  // Specs read the stack's local.env (keys, database, seeded people) from its home.
  process.env.BUSYMATE_E2E_HOME = options.home;
  return async () => {
    await stack.stop();
    await removeHome(options.home);
  };
}
