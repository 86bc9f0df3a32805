#!/bin/sh
# The varanus command inside the image. The tier-4 thresholds keep lukewarm methods out of the C2
# compiler, which otherwise spends the service's first half minute compiling them
# (docs/BENCHMARKS.md, "Fewer C2 compilations"); $JAVA_OPTS comes after and can override them.
exec java --add-modules jdk.incubator.vector \
  -XX:Tier4InvocationThreshold=20000 -XX:Tier4MinInvocationThreshold=2000 -XX:Tier4CompileThreshold=40000 \
  $JAVA_OPTS -jar /opt/varanus/varanus.jar "$@"
