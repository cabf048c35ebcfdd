import { z } from "zod";

// Runs before any of the app's client code: zod would otherwise probe `new Function` when the
// first object schema is built, which the page CSP (no 'unsafe-eval') reports as a violation.
// Parsing without zod's JIT is the interpreter it falls back to anyway.
z.config({ jitless: true });
