#!/bin/sh
# The varanus command inside the image.
exec java $JAVA_OPTS -jar /opt/varanus/varanus.jar "$@"
