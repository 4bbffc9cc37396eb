#!/usr/bin/env bash
# Builds what the Docker image ships, into DEST:
#   DEST/sparse-eoc-all.jar   the fat jar (mvn package; cuda/build.sh puts the PTX inside when nvcc is
#                             on PATH, and builds the host emulator when g++ is)
#   DEST/jre/                 a jlink'd Java runtime with only the modules the jar uses (jdeps)
# The Dockerfile's build stage runs exactly this script, so a build outside Docker runs the same
# commands. Usage:
#   scripts/build-dist.sh [--dry-run] [--without-desktop] DEST
#     --dry-run          find the JDK and check every tool, print the commands, run none (CI does this)
#     --without-desktop  leave java.desktop (AWT, ~14 MiB) out of the runtime: plots are then SVG only
# Docs: docker/README.md.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
dry_run=0
without_desktop=0
dest=
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=1 ;;
    --without-desktop) without_desktop=1 ;;
    -*) echo "build-dist: unknown option $arg; usage: scripts/build-dist.sh [--dry-run] [--without-desktop] DEST" >&2; exit 2 ;;
    *) dest=$arg ;;
  esac
done
[ -n "$dest" ] || { echo "build-dist: missing DEST; usage: scripts/build-dist.sh [--dry-run] [--without-desktop] DEST" >&2; exit 2; }
# shellcheck source=java/tools/find-jdk.sh
. "$root/java/tools/find-jdk.sh"
sparse_eoc_find_jdk || exit 1
for tool in mvn "$JAVA_HOME/bin/jdeps" "$JAVA_HOME/bin/jlink"; do
  command -v "$tool" >/dev/null || { echo "build-dist: $tool not found; install Maven >= 3.8 and a full JDK >= 25" >&2; exit 1; }
done
command -v nvcc >/dev/null || echo "build-dist: warning: nvcc not on PATH, the jar will carry no PTX (CPU only)" >&2

# run COMMAND...: prints it, and runs it unless --dry-run.
run() {
  echo "+ $*"
  [ "$dry_run" = 1 ] || "$@"
}

cd "$root"
run mvn -B -q -Dstyle.color=never -DskipTests package
run mkdir -p "$dest"
run cp target/sparse-eoc-all.jar "$dest/"
excluded=(-e java.datatransfer -e java.prefs -e java.sql -e java.transaction.xa)
[ "$without_desktop" = 1 ] && excluded+=(-e java.desktop)
if [ "$dry_run" = 1 ]; then
  modules='<jdeps --print-module-deps of the jar>'
  echo "+ $JAVA_HOME/bin/jdeps --multi-release 25 --ignore-missing-deps --print-module-deps target/sparse-eoc-all.jar"
else
  modules=$("$JAVA_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps target/sparse-eoc-all.jar \
    | tr , '\n' | grep -v -x "${excluded[@]}" | paste -sd, -)
fi
# java.logging, java.xml: JUnit's console launcher (GPU suite); jdk.zipfs: reading the bundled data.
run rm -rf "$dest/jre"
run "$JAVA_HOME/bin/jlink" --add-modules "$modules,java.logging,java.xml,jdk.zipfs" --strip-debug \
  --no-header-files --no-man-pages --compress=zip-9 --output "$dest/jre"
