#!/bin/sh
# Placeholder until the e2e helper writes it.
exit 77
