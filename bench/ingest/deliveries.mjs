// Writes deliveries.lua: the real fixture bodies of the three alert events, each with its signature.
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2];
const secret = process.env.SECRET;
const events = ["code_scanning_alert", "dependabot_alert", "secret_scanning_alert"];
const lua = (s) => "[==[" + s + "]==]";
let out = "deliveries = {\n";
for (const event of events) {
  for (const file of readdirSync(join(root, event)).filter((f) => f.endsWith(".json"))) {
    const body = readFileSync(join(root, event, file), "utf8");
    const sig = "sha256=" + createHmac("sha256", secret).update(body, "utf8").digest("hex");
    out += `  { event = "${event}", signature = "${sig}", body = ${lua(body)} },\n`;
  }
}
writeFileSync("out/deliveries.lua", out + "}\n");
