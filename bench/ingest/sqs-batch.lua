-- wrk script: SendMessageBatch requests of 10 deliveries straight to the embedded ElasticMQ (what alertlake's
-- SDK batch manager sends), to measure the queue by itself on the same machine.
dofile("out/sqs-batches.lua")
dofile("result.lua")
local counter = 0

function request()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "AmazonSQS.SendMessageBatch",
  }
  return wrk.format("POST", "/", headers, batches[(counter % #batches) + 1])
end

-- SendMessageBatch answers 200 even when some entries failed
function failed(body)
  return string.find(body, "\"Failed\":%[{") ~= nil
end
