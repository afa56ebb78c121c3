package dev.gennaker.core.pipeline.stage;

import java.time.Duration;
import java.util.Set;

/** {@code wait}: waits for a duration. */
public record WaitSpec(Duration duration) implements StageSpec {

  /** The stage type. */
  public static final class Type implements StageType<WaitSpec> {
    @Override
    public String kind() {
      return "wait";
    }

    @Override
    public Class<WaitSpec> specType() {
      return WaitSpec.class;
    }

    @Override
    public Set<String> fields() {
      return Set.of("duration");
    }

    @Override
    public Set<String> outputs() {
      return Set.of();
    }

    @Override
    public WaitSpec read(SpecReader with) {
      return new WaitSpec(with.duration("duration", true));
    }
  }
}
