# Sourced by scripts/bench/rush and selfies: a bench home for check-in loads, made in about a minute instead of the demo's four
# (the demo hashes 8,630 activation codes with Argon2id and replays a whole morning). The demo regency's units and
# 8,630 staff from `demo generate`, imported with the real commands; one work location per unit; a KHUSUS schedule
# that keeps the check-in window open all day today; then `presensi serve` and 2,000 phones activated over HTTP,
# their tokens in $home/phones.csv for wrk. Expects $root, $home, $port, $presensi; sets $server, $url, $dbport,
# PGPASSWORD, the sql function and jit_ticks (the CPU the server's JIT has used). BENCH_KEEP_HOME=1 keeps a home made before (its phones stay active) and only starts
# the service again: for trying a change to the service without waiting for 2,000 activations.
checkin_home() {
  "$presensi" db stop --home "$home" >/dev/null 2>&1 || true
  if [ "${BENCH_KEEP_HOME:-0}" = 1 ] && [ -s "$home/phones.csv" ]; then
    checkin_serve
    return
  fi
  rm -rf "$home"
  mkdir -p "$home"
  "$presensi" demo generate --out "$home/files" >/dev/null
  "$presensi" unit import "$home/files/unit.csv" --home "$home" >/dev/null
  "$presensi" staff import "$home/files/pegawai.csv" --home "$home" >/dev/null 2>&1 || [ $? -eq 3 ] # 3: some rows rejected
  dbport=$(grep '^port=' "$home/embedded-db.properties" | cut -d= -f2)
  export PGPASSWORD=$(grep '^password=' "$home/embedded-db.properties" | cut -d= -f2)
  sql "INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.9086, 116.1978, 100 FROM unit" >/dev/null
  # everyone on office hours: shift staff without a roster would be refused (NOT_SCHEDULED), and a rush is mostly 201s
  sql "UPDATE employee SET work_pattern = 'REGULAR'" >/dev/null
  local today
  today=$(TZ=Asia/Makassar date +%F)
  "$presensi" policy schedule add "Bench sepanjang hari" --special --from "$today" --to "$today" --days SENIN-MINGGU \
    --checkin 00:00-23:59 --start 00:00 --end 23:59 --checkout 00:00-23:59 --home "$home" >/dev/null
  checkin_serve
  "$presensi" bench rush --url "$url" --employees 2000 --phones-out "$home/phones.csv" --home "$home"
}

checkin_serve() {
  dbport=$(grep '^port=' "$home/embedded-db.properties" | cut -d= -f2)
  export PGPASSWORD=$(grep '^password=' "$home/embedded-db.properties" | cut -d= -f2)
  url="http://127.0.0.1:$port"
  local opts="-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Dpresensi.log.dir=$home -Dpresensi.access.level=${PRESENSI_ACCESS_LOG:-INFO} ${BENCH_JAVA_OPTS:-}"
  local serve=("$presensi") # PRESENSI_JAR=FILE serves that jar instead (a build before a change, beside one after)
  [ -n "${PRESENSI_JAR:-}" ] && serve=(java $opts -jar "$PRESENSI_JAR")
  PRESENSI_JAVA_OPTS="$opts" "${serve[@]}" serve --port "$port" --home "$home" --checkins-per-day 100000000 --selfies-per-day 100000000 --phone-rate 1000000 --phone-burst 1000000 --spool-max 100000 \
    ${BENCH_SERVE_OPTS:-} > "$home/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.5; done
}

# CPU (clock ticks) of the server's JIT compiler threads (C1, C2): a server not yet warm spends a large part of its CPU there
jit_ticks() {
  local t total=0
  for t in /proc/$server/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in # a thread's name has a space: its figures are counted after the ")"
      "C1 CompilerThre"* | "C2 CompilerThre"*) total=$((total + $(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{t = $12 + $13} END {print t + 0}'))) ;;
    esac
  done
  echo "$total"
}

sql() { psql -qtA -h 127.0.0.1 -p "$dbport" -U presensi -d presensi -c "$1"; }
