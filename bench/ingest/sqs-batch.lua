-- wrk script: SendMessageBatch requests of 10 deliveries straight to the embedded ElasticMQ (what alertlake's
-- SDK batch manager sends), to measure the queue by itself on the same machine.
dofile("out/sqs-batches.lua")
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function request()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS.SendMessageBatch",
  }
  return wrk.format("POST", "/", headers, batches[(counter % #batches) + 1])
end

function response(status, headers, body)
  if status < 200 or status > 299 or string.find(body, "Failed\":%[{") then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
  end
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, bad, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
