# Sourced by scripts/bench/import and scripts/bench/reconcile. `measure LABEL CMD...` times CMD (its output to
# $home/last.out) into $took. With BENCH_BESIDE_RUSH=1 the scripts call rush_start first: then a check-in load from wrk
# runs beside every measured command, job and floor alike, so both share the machine with the 07:15 rush, and the
# check-ins' throughput and latency in that window are printed (the nightly job must not be what makes a late
# check-in slow). Needs wrk.
rush_port="${BENCH_RUSH_PORT:-18183}"
rush_concurrency="${BENCH_RUSH_CONCURRENCY:-32}"

# Employees of their own unit, with a work location and activated phones; the job's own rows are not theirs.
rush_start() {
  local home=$1
  command -v wrk >/dev/null || { echo "bench: wrk is needed for BENCH_BESIDE_RUSH (apt-get install wrk)" >&2; exit 1; }
  "${psql_cmd[@]}" <<SQL
INSERT INTO unit (code, name) VALUES ('RUSH', 'Kantor beban') ON CONFLICT (code) DO NOTHING;
INSERT INTO employee (type, nip, name, unit_id)
SELECT 'PNS', (190001010000000000 + g)::text, 'Beban ' || g, (SELECT id FROM unit WHERE code = 'RUSH') FROM generate_series(1, 500) g
ON CONFLICT DO NOTHING;
INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.9086, 116.1978, 100 FROM unit
 WHERE code = 'RUSH' AND NOT EXISTS (SELECT 1 FROM work_location w WHERE w.unit_id = unit.id);
SQL
  "$presensi" serve --port "$rush_port" --home "$home" --checkins-per-day 100000000 --selfies-per-day 100000000 --phone-rate 1000000 --phone-burst 1000000 --spool-max 100000 > "$home/serve.log" 2>&1 &
  rush_server=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$rush_port/healthz" >/dev/null && break; sleep 0.5; done
  "$presensi" bench rush --url "http://127.0.0.1:$rush_port" --employees 500 --phones-out "$home/phones.csv" --home "$home" >/dev/null
  echo "check-in load beside every job and floor: wrk at concurrency $rush_concurrency, 500 phones of unit RUSH"
  measure "nothing else (10 s)" sleep 10
}

measure() {
  local label=$1 load; shift # start and end stay set for the caller
  if [ -n "${rush_server:-}" ]; then
    wrk -t1 -c"$rush_concurrency" -d600s --timeout 10s -s "$root/scripts/bench/checkin.lua" "http://127.0.0.1:$rush_port" \
        -- "$home/phones.csv" > "$home/wrk.out" 2>&1 &
    load=$!
    sleep 1
  fi
  start=$(date +%s.%N)
  "$@" > "$home/last.out"
  end=$(date +%s.%N)
  took=$(echo "$end - $start" | bc)
  if [ -n "${rush_server:-}" ]; then
    kill -INT $load; wait $load 2>/dev/null || true
    echo "   check-ins during $label: $(grep -E 'per second' "$home/wrk.out" | head -1); $(grep -E '^latency' "$home/wrk.out" | head -1)"
  fi
}

rush_stop() {
  [ -n "${rush_server:-}" ] && kill "$rush_server" 2>/dev/null && wait "$rush_server" 2>/dev/null || true
}
