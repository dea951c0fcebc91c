"""The build orchestrator at the top of the library: stages with fingerprints, run in order."""
from pipeline.build import BuildOptions, BuildReport, build_index

__all__ = ["BuildOptions", "BuildReport", "build_index"]
