#!/bin/sh
# Placeholder until the CLI tests are written.
exit 77
