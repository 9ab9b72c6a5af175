"""gunicorn's settings for production (Dockerfile, docker-compose.yml) and the benchmarks.

uvicorn workers (ASGI): the meeting room streams its changes as server-sent events. The
uvicorn worker takes its keep-alive from gunicorn's `keepalive`, 2 s by default: an attendee
polling every 2 s then races the server closing the idle connection and sometimes loses (a
reset or an empty answer). Keep idle connections longer than the poll interval, and longer
than a load balancer's own idle timeout (60 s on most), so the balancer closes first.
Overridable from the command line or GUNICORN_CMD_ARGS.
"""

worker_class = "uvicorn_worker.UvicornWorker"
keepalive = 75
