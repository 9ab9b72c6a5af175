"""Tests of metascrum.lib, the code every app shares."""
