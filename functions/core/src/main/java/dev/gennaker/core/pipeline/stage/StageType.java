package dev.gennaker.core.pipeline.stage;

import java.util.Set;

/**
 * A kind of stage: the one place that declares its name in pipeline files, its typed {@code with}
 * block, how that block is read and validated, and the outputs later stages may use. Execution is
 * attached by the runner per kind. Implementations are stateless and thread-safe; register each in
 * {@link StageTypes}.
 *
 * @param <S> the spec record of the {@code with} block
 */
public interface StageType<S extends StageSpec> {

  /** The {@code type} users write, e.g. {@code deploy}. Unique in the registry. */
  String kind();

  Class<S> specType();

  /** The fields its {@code with} block accepts. */
  Set<String> fields();

  /** The names later stages may read as {@code stages.<id>.outputs.<name>}. */
  Set<String> outputs();

  /**
   * Reads and validates a {@code with} block. Every problem is reported through {@code with}; the
   * result is null only when the block is too broken to build a spec from.
   */
  S read(SpecReader with);
}
