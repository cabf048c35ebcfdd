// Node processes outside Next (the launcher and custom server under tsx, scripts, benches) load
// server modules marked `import "server-only"`. Next resolves that marker itself; here it
// resolves to an empty module, as it does in Next's server layer.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(specifier, context, next) {
        if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
        return next(specifier, context);
      }`,
    ),
);
