# Sourced by the launchers (scripts/presensi, the installed bin/presensi): which java runs Presensi, and the
# class-data archive that starts it fast. A command's own work is milliseconds; without an archive the JVM spends
# about a second loading, verifying and linking the same few thousand classes of picocli, logback, the PostgreSQL
# driver and Jdbi every time.
#
# presensi_java_select: sets java_bin, java_home, java_major, java_extra_opts (an array). PRESENSI_JAVA if set; else the newest
# JDK 25 or later under /usr/lib/jvm, whose AOT cache (JEP 483, 514) keeps classes loaded and linked, not only
# parsed, and starts a command faster than AppCDS on 17 does; else the java on PATH. The build stays at release 17.
presensi_java_select() {
  java_bin="${PRESENSI_JAVA:+$(command -v "$PRESENSI_JAVA" || echo "$PRESENSI_JAVA")}"
  if [ -z "$java_bin" ]; then
    java_bin="$(command -v java)"
    local release version best=0
    for release in /usr/lib/jvm/*/release; do
      [ -f "$release" ] || continue
      version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
      if [ -n "$version" ] && [ "$version" -ge 25 ] && [ "$version" -gt "$best" ] && [ -x "${release%/release}/bin/java" ]; then
        best=$version
        java_bin="${release%/release}/bin/java"
      fi
    done
  fi
  java_home="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
  java_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null || true)"
  java_major="${java_major:-17}"
  # libraries built for 17 may touch sun.misc.Unsafe or load native code: newer JDKs warn on the terminal for that
  # (an array, expanded quoted: the compile patterns' '*' would otherwise be matched against the operator's folder)
  java_extra_opts=()
  if [ "$java_major" -ge 24 ]; then java_extra_opts=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED); fi
  presensi_quick_compiled
}

# presensi_quick_compiled: the options that keep the titip-absen signal step's own code (reading the month's COPY,
# the driver's COPY receive, which nothing else runs hot, the detectors) with the quick compiler (C1). It runs once a night in
# a fresh JVM, over fewer rows than C2's compilations of it cost: they took more CPU during the step than the step
# itself, on the CPUs the step and its database share. The rest of the JVM keeps C2 (the reconcile's hot code pays
# for it). C2 is given a node budget of 1 for these methods: it gives up on each at once, marks it not compilable
# at its tier, and the method is compiled by C1 without profiling (tier 1). The same as a compiler directive's
# c2 Exclude, in product options that print nothing (a directives file needs -XX:+UnlockDiagnosticVMOptions and
# prints "1 compiler directives added" on the command's standard output); JDK 17 and 25 alike. Added to
# java_extra_opts, which is expanded quoted: a file named like one of these in the operator's folder took its place
# (JDK 25 then refused to start, JDK 17 printed a parse error).
presensi_quick_compiled() {
  local pattern
  java_extra_opts+=(-XX:CompileCommand=quiet)
  for pattern in 'id.presensi.anomaly.*::*' 'id.presensi.store.Anomaly*::*' 'id.presensi.store.BinaryCopyRows::*' \
                 'id.presensi.store.InternedTexts::*' 'id.presensi.store.ReadAhead::*' 'org.postgresql.copy.PGCopyInputStream::*' \
                 'org.postgresql.core.v3.CopyOutImpl::*' 'org.postgresql.core.v3.QueryExecutorImpl::readFromCopy' \
                 'org.postgresql.core.v3.QueryExecutorImpl::processCopyResults'; do
    java_extra_opts+=("-XX:CompileCommand=MaxNodeLimit,$pattern,1")
  done
}

# presensi_short_command ARGS...: sets short_opts for a command that lists, shows or explains (or asks for help):
# it is over long before the optimising compiler (C2) would pay off, whose threads otherwise take a third of such a
# command's CPU, so it runs with the quick compiler only. Imports, reconciliation and reports keep both.
presensi_short_command() {
  short_opts=""
  if [ $# -eq 0 ] || [[ " ${1:-} ${2:-} ${3:-} " =~ \ (list|show|explain|info|help|completion|--help|-h|--version|-V)\  ]]; then
    short_opts="-XX:TieredStopAtLevel=1"
  fi
}

# presensi_archive JAR: sets archive_opts (the archive to start with), or archive_after (a command to run once the
# operator's command has exited, which makes the archive in the background).
# The archive is the user's own (~/.cache/presensi), named by the jar (path, time, size) and the JDK, so a rebuilt
# jar or another JDK gets a new one and never a stale one. It is made from a training run (id.presensi.cli.
# ArchiveTraining: every command's model and help, then read-only listings on the database the command used, if it
# is there), in the background after the first command that finds none:
#   JDK 25+: recorded with -XX:AOTMode=record, then made with -XX:AOTMode=create (an AOT cache);
#   JDK 17-24: the classes the training loaded, dumped at its exit (-XX:ArchiveClassesAtExit, AppCDS).
# A file is moved into place whole, so a command started meanwhile never reads half of one; PRESENSI_ARCHIVE=off
# runs without.
presensi_archive() {
  local jar=$1 cache place key
  archive_opts=""
  archive_after=""
  [ "${PRESENSI_ARCHIVE:-on}" = "off" ] && return 0
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/presensi"
  place="$(readlink -f "$jar" | cksum | cut -d' ' -f1)"
  key="$place-$(printf '%s %s %s' "$(stat -c '%Y %s' "$jar")" "$java_home" "$java_major" | cksum | cut -d' ' -f1)"
  mkdir -p "$cache" 2>/dev/null || return 0
  if [ "$java_major" -ge 25 ]; then archive="$cache/presensi-$key.aot"; else archive="$cache/presensi-$key.jsa"; fi
  if [ -f "$archive" ]; then
    if [ "$java_major" -ge 25 ]; then archive_opts="-XX:AOTCache=$archive -Xlog:aot=off -Xlog:cds=off"
    else archive_opts="-XX:SharedArchiveFile=$archive -Xlog:cds=off"; fi
  elif [ -z "$(find "$cache" -maxdepth 1 -name "presensi-$key.*.training" -mmin -10 -print -quit)" ]; then  # none under way
    archive_after="presensi_train $jar $archive $cache/presensi-$key.$$.training"
  fi
}

# close_inherited_files: closes every file the shell holds open beyond its standard three, before a process that
# outlives the command starts. An operator's `flock LOCK presensi ...` in cron hands its lock down as an open file,
# and a resident process keeping it for its 15 idle minutes held the next cron job off for as long.
close_inherited_files() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
  done
  return 0
}

presensi_train() {
  local jar=$1 archive=$2 training=$3
  shift 3
  : > "$training"
  (
    close_inherited_files
    if [ "$java_major" -ge 25 ]; then
      "$java_bin" $default_opts "${java_extra_opts[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$training.conf" -Xlog:aot=off -Xlog:cds=off \
          -cp "$jar" id.presensi.cli.ArchiveTraining "$@" \
        && "$java_bin" $default_opts "${java_extra_opts[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$training.conf" \
          -XX:AOTCache="$training.made" -Xlog:aot=off -Xlog:cds=off -cp "$jar"
    else
      "$java_bin" $default_opts -XX:ArchiveClassesAtExit="$training.made" -Xlog:cds=off -cp "$jar" id.presensi.cli.ArchiveTraining "$@"
    fi
    if [ -s "$training.made" ]; then
      mv -f "$training.made" "$archive"
      # the archives of this jar's earlier builds, or of another JDK, go once a new one is in place
      local name; name="$(basename "${archive%.*}")"
      find "$(dirname "$archive")" -maxdepth 1 -name "${name%-*}-*" ! -name "$name*" -delete
    fi
    rm -f "$training" "$training.conf" "$training.made"
  ) </dev/null >/dev/null 2>&1 &
}

# presensi_resident JAR ARGS...: runs the command through the resident process of its home (id.presensi.cli.Resident,
# client scripts/presensi-resident.pl) and exits with its code. It returns, having printed nothing, for a command to
# run directly: with PRESENSI_RESIDENT=off or no perl, a command that serves, runs a long job (imports, a month's
# reconcile, the titip-absen step) or manages the database server, or when no resident process is up for this
# home, jar and environment settings: then resident_socket is set, and presensi_resident_start starts one for the
# next command. A resident process loads the classes once, runs commands one at a time, and exits after
# PRESENSI_RESIDENT_IDLE seconds (default 900) without a command, or when the jar changes. Called before
# presensi_java_select: a command it serves pays for bash and perl only. Reports run there: a cold JVM's monthly recap
# is mostly loading classes and compiling, and the operator runs it again after each correction at the month's end.
presensi_resident() {
  local jar=$1 client home="" word previous="" day="" status=0
  shift
  resident_socket=""
  [ "${PRESENSI_RESIDENT:-on}" = "off" ] && return 0
  client="${BASH_SOURCE[0]%/*}/presensi-resident.pl"
  [ -f "$client" ] && command -v perl >/dev/null || return 0
  case "${1:-}" in serve|demo|bench|db|signal|month|machine|check-in) return 0 ;; esac
  for word in "$@"; do
    case "$word" in
      import) return 0 ;;
      --home=*) home="${word#--home=}" ;;
      --date|--date=*) day=1 ;;
    esac
    [ "$previous" = "--home" ] && home="$word"
    previous="$word"
  done
  if [ "${1:-}" = "reconcile" ] && [ -z "$day" ]; then return 0; fi
  # a relative PRESENSI_HOME means the folder it was typed in, which the resident process cannot take from the client
  [[ "${PRESENSI_HOME:-/}" = /* ]] || return 0
  home="${home:-${PRESENSI_HOME:-$HOME/.presensi}}"
  [[ "$home" = /* ]] || home="$PWD/$home"
  [ -d "$home" ] || return 0
  perl "$client" "$home/.resident" "$jar" "$@" || status=$?
  [ "$status" -ne 199 ] && exit "$status"
  local socket pid=""
  socket="$(perl "$client" --socket "$home/.resident" "$jar")" || return 0
  [ "${#socket}" -le 100 ] || return 0   # a Unix socket's path holds 107 bytes at most: a home that deep runs without
  # one already starting (or stopping after its idle time): the next command finds it
  [ -f "$socket.pid" ] && read -r pid < "$socket.pid" && grep -qs Resident "/proc/$pid/cmdline" && return 0
  resident_socket=$socket
  resident_rehearsal=()
  if [ "${1:-}" = report ] && [ "${2:-}" = monthly ]; then presensi_recap_rehearsal "$home" "${@:3}"; fi
}

# presensi_recap_rehearsal HOME ARGS...: sets resident_rehearsal to the monthly recap the resident process started
# after this one makes again before it serves (id.presensi.cli.RecapRehearsal), once this one has ended, if it wrote
# its file: that file (only looked at) and the options that chose its records. Not with --db, which may carry a password onto a process's command line, nor --explain.
presensi_recap_rehearsal() {
  local home=$1 word previous="" month="" unit="" user="" out=""
  shift
  for word in "$@"; do
    case "$previous" in
      --month) month=$word ;;
      --unit) unit=$word ;;
      --db-user) user=$word ;;
      --out) out=$word ;;
    esac
    case "$word" in
      --month=*) month=${word#--month=} ;;
      --unit=*) unit=${word#--unit=} ;;
      --db-user=*) user=${word#--db-user=} ;;
      --out=*) out=${word#--out=} ;;
      --db|--db=*|--explain|--explain=*) return 0 ;;
    esac
    previous=$word
  done
  case "${out,,}" in *.xlsx|*.csv) ;; *) return 0 ;; esac
  [ -n "$month" ] || return 0
  [[ "$out" = /* ]] || out="$PWD/$out" # the resident process runs in /
  # $$: the operator's recap (the launcher execs it). Each option one word, as picocli reads it whatever its value:
  # passed as two, a unit code beginning with '@' would be read as an argument file, one like an option refused.
  resident_rehearsal=("$$" "$out" "--month=$month" "--home=$home")
  [ -z "$unit" ] || resident_rehearsal+=("--unit=$unit")
  [ -z "$user" ] || resident_rehearsal+=("--db-user=$user")
}

# presensi_resident_start JAR: starts the resident process presensi_resident asked for, in the background, detached
# from the terminal, with the class-data archive (when there is one) and both compilers: it runs for many commands.
# After a monthly recap, it makes that recap again before it serves (resident_rehearsal).
presensi_resident_start() {
  [ -n "${resident_socket:-}" ] || return 0
  ( cd / && close_inherited_files && exec setsid "$java_bin" ${PRESENSI_JAVA_OPTS:-$default_opts} "${java_extra_opts[@]}" $archive_opts \
      -cp "$1" id.presensi.cli.Resident "$resident_socket" "$1" "${PRESENSI_RESIDENT_IDLE:-900}" "${resident_rehearsal[@]}" \
      </dev/null >/dev/null 2>&1 & )
}
