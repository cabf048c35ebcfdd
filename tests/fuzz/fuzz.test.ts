import { afterAll, beforeAll } from "vitest";
import { startFuzzStack, type FuzzStack } from "./harness";
import { describeOperations } from "./operations";

/**
 * Bad input never gets a 500 or a partial write (issue 18): property-based tests over one
 * real stack. Replay a failure with FUZZ_SEED=<seed printed by fast-check>; FUZZ_RUNS scales
 * every property's number of runs.
 */

let fuzz: FuzzStack | undefined;
const stack = () => fuzz!;

beforeAll(async () => {
  fuzz = await startFuzzStack();
});
afterAll(async () => {
  await fuzz?.close();
});

describeOperations(stack);
