-- wrk script for POST /api/chat (see scripts/install-bench-tools.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"question":"How many people were evacuated?"}'
