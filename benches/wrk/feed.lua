-- wrk script: every request reads a 50-item feed page from a random place in the feed
-- (`after` is a random 32-digit hex cursor), as 32 council members paging at once would.
math.randomseed(os.time())

local hex = "0123456789abcdef"

local function cursor()
  local t = {}
  for i = 1, 32 do
    local n = math.random(1, 16)
    t[i] = hex:sub(n, n)
  end
  return table.concat(t)
end

request = function()
  return wrk.format("GET", "/api/v1/feed?limit=50&after=" .. cursor())
end

response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. "\n")
  end
end
