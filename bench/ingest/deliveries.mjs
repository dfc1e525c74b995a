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

// sqs-batches.lua: the same bodies as SendMessageBatch requests of 10 (SQS JSON protocol, as the AWS SDK sends
// them), with attributes like alertlake's, for loading the embedded queue by itself.
const queueUrl = process.env.QUEUE_URL;
if (queueUrl) {
  const bodies = [];
  for (const event of events) {
    for (const file of readdirSync(join(root, event)).filter((f) => f.endsWith(".json"))) {
      bodies.push({ event, body: readFileSync(join(root, event, file), "utf8") });
    }
  }
  const attr = (v) => ({ DataType: "String", StringValue: v });
  let batches = "batches = {\n";
  for (let b = 0; b < 8; b++) {
    const entries = [];
    for (let i = 0; i < 10; i++) {
      const d = bodies[(b * 10 + i) % bodies.length];
      entries.push({
        Id: String(i), MessageBody: d.body,
        MessageAttributes: { event: attr(d.event), delivery: attr(`queue-bench-${b}-${i}`), hook: attr("1"),
          target: attr("organization"), received: attr(new Date().toISOString()) },
      });
    }
    batches += `  ${lua(JSON.stringify({ QueueUrl: queueUrl, Entries: entries }))},\n`;
  }
  writeFileSync("out/sqs-batches.lua", batches + "}\n");
}
