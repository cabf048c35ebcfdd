import { ensureBuild } from "@/lib/build/ensure-build";

/** `npm run build`: the production build `npm start` would make, skipped when current. */
const { rebuilt } = await ensureBuild(process.cwd(), console.log);
console.log(rebuilt ? "Built." : "The production build is already up to date.");
