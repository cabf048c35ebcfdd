import { main } from "@/lib/launcher";

await main(process.argv.slice(2));
