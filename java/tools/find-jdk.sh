# Sourced by ./sparse-eoc, ./run-tests and .ci/run: exports JAVA_HOME for a JDK >= 25.
# Order: $JAVA_HOME, then `java` on PATH, then every JDK under /usr/lib/jvm.
# On failure prints one line saying what to install and returns 1.

sparse_eoc_min_java=25

# Prints the feature version (e.g. 25) of the JDK at $1, or nothing if $1 is no JDK.
sparse_eoc_java_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

sparse_eoc_find_jdk() {
  local candidates=() home version
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/*; do candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    version=$(sparse_eoc_java_version "$home")
    if [ -n "$version" ] && [ "$version" -ge "$sparse_eoc_min_java" ]; then
      export JAVA_HOME="$home"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "sparse-eoc: no JDK >= $sparse_eoc_min_java found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*); install one (e.g. Temurin 25) and set JAVA_HOME to it" >&2
  return 1
}
