-- wrk script: cycles through the signed fixture deliveries, a fresh X-GitHub-Delivery for each request,
-- and counts non-2xx answers.
dofile("out/deliveries.lua")
dofile("result.lua")
local counter = 0

function request()
  counter = counter + 1
  local d = deliveries[(counter % #deliveries) + 1]
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = d.event,
    ["X-GitHub-Delivery"] = "bench-" .. id .. "-" .. counter,
    ["X-Hub-Signature-256"] = d.signature,
  }
  return wrk.format("POST", "/webhooks/github", headers, d.body)
end
