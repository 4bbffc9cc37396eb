#!/usr/bin/env bash
# Builds what a lent GPU machine (CUDA and a driver, but no Java and no Maven) needs to run the GPU
# test suite and the benchmarks, as one archive device/bundle.tar.xz (git-ignored; carry `device`
# with the device tool: unpacked it is ~70 MiB, over the tool's 64 MiB, packed ~40 MiB). Inside:
#   jre/                 a jlink'd Java runtime with only the modules the jar needs
#   sparse-eoc-all.jar   the fat jar (PTX inside when nvcc was on PATH at build time)
#   test-classes/        the compiled tests (the gpu-tagged suite lives there)
#   junit-console.jar    JUnit's standalone console launcher, to run them without Maven
# The jar and the runtime come from scripts/build-dist.sh (the Docker image's build). Then, on the
# device: scripts/device-gpu-suite.sh. Docs: docs/GPU.md.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=java/tools/find-jdk.sh
. "$root/java/tools/find-jdk.sh"
sparse_eoc_find_jdk || exit 1
cd "$root"
stage=target/device-bundle
rm -rf device "$stage" && mkdir -p device "$stage"
# The jar and a runtime without the AWT stack: java.desktop adds ~14 MiB to the archive, which with the
# repository would not fit the device tool's 64 MiB (plots are then written as SVG only).
scripts/build-dist.sh --without-desktop "$stage"
junit=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml)
console=${junit/#5./1.} # the platform's version pairs with Jupiter 5.x as 1.x
mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.junit.platform:junit-platform-console-standalone:$console" -DoutputDirectory="$stage" \
    -Dmdep.stripVersion=true
mv "$stage"/junit-platform-console-standalone.jar "$stage"/junit-console.jar
cp -r target/test-classes "$stage"/test-classes
tar -C "$stage" -cJf device/bundle.tar.xz .
du -sh "$stage" device/bundle.tar.xz
