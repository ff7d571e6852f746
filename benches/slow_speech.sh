#!/usr/bin/env bash
# A stand-in speech program that takes 2 s per utterance, for benches/plain_end_time.sh:
# knead must not wait for it.
sleep 2
