#!/bin/sh
# The varanus command inside the image.
exec java --add-modules jdk.incubator.vector $JAVA_OPTS -jar /opt/varanus/varanus.jar "$@"
