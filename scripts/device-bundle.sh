#!/usr/bin/env bash
# Builds what a lent GPU machine (CUDA and a driver, but no Java and no Maven) needs to run the GPU
# test suite and the benchmarks, as one archive device/bundle.tar.xz (git-ignored; carry `device`
# with the device tool: unpacked it is ~70 MiB, over the tool's 64 MiB, packed ~40 MiB). Inside:
#   jre/                 a jlink'd Java runtime with only the modules the jar needs
#   sparse-eoc-all.jar   the fat jar (PTX inside when nvcc was on PATH at build time)
#   test-classes/        the compiled tests (the gpu-tagged suite lives there)
#   junit-console.jar    JUnit's standalone console launcher, to run them without Maven
# Then, on the device: scripts/device-gpu-suite.sh. Docs: docs/GPU.md.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=java/tools/find-jdk.sh
. "$root/java/tools/find-jdk.sh"
sparse_eoc_find_jdk || exit 1
cd "$root"
command -v nvcc >/dev/null || echo "device-bundle: warning: nvcc not on PATH, the jar will carry no PTX" >&2
mvn -q -B -Dstyle.color=never package -DskipTests
junit=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml)
console=${junit/#5./1.} # the platform's version pairs with Jupiter 5.x as 1.x
stage=target/device-bundle
rm -rf device "$stage" && mkdir -p device "$stage"
mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.junit.platform:junit-platform-console-standalone:$console" -DoutputDirectory="$stage" \
    -Dmdep.stripVersion=true
mv "$stage"/junit-platform-console-standalone.jar "$stage"/junit-console.jar
cp target/sparse-eoc-all.jar "$stage"/
cp -r target/test-classes "$stage"/test-classes
# The modules the jar uses (jdeps) without the AWT/Swing stack: java.desktop adds ~14 MiB to the
# archive, which with the repository would not fit the device tool's 64 MiB. The GPU suite draws
# nothing; a training run writes plots and needs a full JRE (docs/GPU.md). JUnit's console logs through
# java.logging and writes XML reports through java.xml.
modules=$("$JAVA_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps target/sparse-eoc-all.jar \
    | tr , '\n' | grep -v -x -e java.desktop -e java.datatransfer -e java.prefs -e java.sql -e java.transaction.xa \
    | paste -sd, -)
"$JAVA_HOME/bin/jlink" --add-modules "$modules,java.logging,java.xml,jdk.zipfs" --strip-debug --no-header-files \
    --no-man-pages --compress=zip-9 --output "$stage"/jre
tar -C "$stage" -cJf device/bundle.tar.xz .
du -sh "$stage" device/bundle.tar.xz
