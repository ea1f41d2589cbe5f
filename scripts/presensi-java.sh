# Sourced by the launchers (scripts/presensi, the installed bin/presensi): which java runs Presensi, and the
# class-data archive that starts it fast. A command's own work is milliseconds; without an archive the JVM spends
# about a second loading, verifying and linking the same few thousand classes of picocli, logback, the PostgreSQL
# driver and Jdbi every time.
#
# presensi_java_select: sets java_bin, java_home, java_major. PRESENSI_JAVA if set; else the newest JDK 25 or later
# under /usr/lib/jvm, whose AOT cache (JEP 483, 514) keeps classes loaded and linked, not only parsed, and starts a
# command about a third faster than AppCDS on 17; else the java on PATH. The build stays at release 17.
presensi_java_select() {
  java_bin="${PRESENSI_JAVA:-}"
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
  java_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null)"
  java_major="${java_major:-17}"
  # libraries built for 17 may touch sun.misc.Unsafe or load native code: newer JDKs warn on the terminal for that
  java_extra_opts=""
  if [ "$java_major" -ge 24 ]; then java_extra_opts="--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"; fi
}

# presensi_archive JAR: sets archive_opts, and archive_after (a command to run once java has exited, or empty).
# The archive is the user's own (~/.cache/presensi), named by the jar (path, time, size) and the JDK, so a rebuilt
# jar or another JDK gets a new one and never a stale one; the first command without one records it:
#   JDK 25+: the command runs with -XX:AOTMode=record, and the cache is made from that record in the background;
#   JDK 17-24: the command dumps the classes it loaded at exit (-XX:ArchiveClassesAtExit), about a second more, once.
# A file is moved into place whole, so two commands started together never read half of one.
presensi_archive() {
  local jar=$1 cache key
  archive_opts=""
  archive_after=""
  [ "${PRESENSI_ARCHIVE:-on}" = "off" ] && return 0
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/presensi"
  key="$(printf '%s %s %s %s' "$(readlink -f "$jar")" "$(stat -c '%Y %s' "$jar")" "$java_home" "$java_major" | cksum | cut -d' ' -f1)"
  mkdir -p "$cache" 2>/dev/null || return 0
  if [ "$java_major" -ge 25 ]; then
    archive="$cache/presensi-$key.aot"
    if [ -f "$archive" ]; then
      archive_opts="-XX:AOTCache=$archive -Xlog:aot=off -Xlog:cds=off"
    elif [ -z "$(find "$cache" -maxdepth 1 -name "presensi-$key.*.aotconf" -mmin -10 -print -quit)" ]; then  # none being made
      local conf="$cache/presensi-$key.$$.aotconf"
      # the JVM says on stdout that it recorded: not in a command's output
      archive_opts="-XX:AOTMode=record -XX:AOTConfiguration=$conf -Xlog:aot=off -Xlog:cds=off -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput"
      archive_after="presensi_make_aot_cache $jar $conf $archive"
    fi
  else
    archive="$cache/presensi-$key.jsa"
    if [ -f "$archive" ]; then
      archive_opts="-XX:SharedArchiveFile=$archive -Xlog:cds=off"
    else
      archive_opts="-XX:ArchiveClassesAtExit=$archive.$$ -Xlog:cds=off"
      archive_after="presensi_adopt $archive.$$ $archive"
    fi
  fi
}

# the archives of other jars or JDKs go when a new one is in place
presensi_adopt() {
  local made=$1 archive=$2
  [ -s "$made" ] || { rm -f "$made"; return 0; }
  mv -f "$made" "$archive"
  find "$(dirname "$archive")" -maxdepth 1 -name 'presensi-*' ! -name "$(basename "${archive%.*}")*" -delete 2>/dev/null || true
}

presensi_make_aot_cache() {
  local jar=$1 conf=$2 archive=$3
  [ -s "$conf" ] || { rm -f "$conf"; return 0; }
  ( "$java_bin" $default_opts $java_extra_opts -XX:AOTMode=create -XX:AOTConfiguration="$conf" -XX:AOTCache="$archive.$$" -Xlog:aot=off -Xlog:cds=off \
        -jar "$jar" >/dev/null 2>&1 && presensi_adopt "$archive.$$" "$archive"; rm -f "$conf" "$archive.$$" ) </dev/null >/dev/null 2>&1 &
}
