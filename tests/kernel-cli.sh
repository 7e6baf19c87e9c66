#!/bin/sh
# Placeholder until written.
exit 77
