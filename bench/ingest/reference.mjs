// The reference receiver: verifies X-Hub-Signature-256 with @octokit/webhooks and answers 202.
// It does not enqueue anything, so it is an upper bound for "verify and answer" in Node.
import http from "node:http";
import { Webhooks } from "@octokit/webhooks";

const webhooks = new Webhooks({ secret: process.env.SECRET });
const port = Number(process.env.PORT || 8091);

http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const ok = await webhooks.verify(body, req.headers["x-hub-signature-256"] || "");
    res.writeHead(ok ? 202 : 401, { "content-type": "application/json" });
    res.end(ok ? '{"queued":false}' : '{"error":"bad signature"}');
  });
}).listen(port, "127.0.0.1");
