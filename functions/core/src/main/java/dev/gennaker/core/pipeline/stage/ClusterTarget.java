package dev.gennaker.core.pipeline.stage;

/** A stage whose work is done by the agent of one cluster, in one namespace. */
public interface ClusterTarget {
  /** The cluster's stable id (never its display name). */
  String cluster();

  String namespace();
}
