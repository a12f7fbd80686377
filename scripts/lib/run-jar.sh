# Sourced by the launchers (./kmodfarm, bin/dkms): runs a main class of kmodfarm's jar with C1 only and a
# class-data-sharing archive next to the jar, made on the first run under a temporary name so that concurrent
# first runs never read a half-written one. An archive older than the jar is dropped; a read-only checkout
# runs without one. KMODFARM_JAR names another copy of the jar (benchmarks run a copy taken at their start).
# Usage: run_jar ARCHIVE-SUFFIX MAIN-CLASS [JAVA-OPTION…] -- [ARGUMENT…]
run_jar() {
  local suffix="$1" main="$2"
  shift 2
  local jar="${KMODFARM_JAR:-$home/orchestrator/farm-cli/target/kmodfarm.jar}"
  local cds="${jar%.jar}-$suffix.jsa"
  # -Xlog:disable keeps the JVM's CDS notices out of the command's own output.
  local java=(java -XX:TieredStopAtLevel=1 -Xshare:auto -Xlog:disable -Xlog:all=off)
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do java+=("$1"); shift; done
  [ "$#" -gt 0 ] && shift
  java+=(-cp "$jar")
  if [ -f "$cds" ] && [ "$jar" -nt "$cds" ]; then
    rm -f "$cds" 2>/dev/null || true
  fi
  if [ -f "$cds" ]; then
    exec "${java[@]}" -XX:SharedArchiveFile="$cds" "$main" "$@"
  fi
  if [ ! -w "$(dirname "$cds")" ]; then
    exec "${java[@]}" "$main" "$@"
  fi
  local temp="$cds.$$" status=0
  "${java[@]}" -XX:ArchiveClassesAtExit="$temp" "$main" "$@" || status=$?
  if [ -s "$temp" ]; then mv -f "$temp" "$cds"; else rm -f "$temp"; fi
  return "$status"
}
