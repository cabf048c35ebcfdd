import { afterAll, beforeAll } from "vitest";
import { describeAsk } from "./ask";
import { startFuzzStack, type FuzzStack } from "./harness";
import { describeOperations } from "./operations";
import { describeRegressions } from "./regressions";
import { describeRest } from "./rest";
import { describeRestWrites } from "./rest-writes";
import { describeRoutes } from "./routes";

/**
 * Bad input never gets a 500 or a partial write (issue 18): property-based tests over one
 * real stack (one `npm start`, shared because starting it is most of the suite's cost).
 * Replay a failure with FUZZ_SEED=<seed fast-check printed>; FUZZ_RUNS sets every property's
 * number of runs (e.g. FUZZ_RUNS=200 for a long local hunt).
 */

let fuzz: FuzzStack | undefined;
const stack = () => fuzz!;

beforeAll(async () => {
  fuzz = await startFuzzStack();
});
afterAll(async () => {
  await fuzz?.close();
});

describeRegressions(stack);
describeOperations(stack);
describeRoutes(stack);
describeAsk(stack);
describeRest(stack);
describeRestWrites(stack);
