import type { z } from "zod";
import type { OPERATIONS } from "./index";

/**
 * The registry's types, for clients on any side of the network: the browser's operation client
 * and the server's call it the same way, with inputs and outputs inferred from each operation's
 * zod schemas, so a client cannot drift from its server. Type-only: importing it brings no
 * server code into a bundle.
 */
type Registry = (typeof OPERATIONS)[number];

export type OperationName = Registry["name"];
type Named<N extends OperationName> = Extract<Registry, { name: N }>;
export type OperationInput<N extends OperationName> = z.input<Named<N>["input"]>;
export type OperationOutput<N extends OperationName> = z.output<Named<N>["output"]>;

/** Runs an operation by name as whoever the implementation acts for. */
export type CallOperation = <N extends OperationName>(name: N, input: OperationInput<N>) => Promise<OperationOutput<N>>;
