-- wrk script for an endpoint with another method than GET or with a body: BENCH_METHOD and
-- BENCH_BODY from the environment (headers come with -H); reports like report.lua.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.body = os.getenv("BENCH_BODY")
