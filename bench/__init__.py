"""Performance checks as ratios against a floor measured in the same run (bench/README.md)."""
