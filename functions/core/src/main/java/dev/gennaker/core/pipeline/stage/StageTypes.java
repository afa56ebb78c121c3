package dev.gennaker.core.pipeline.stage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of stage types: adding a stage type is one line here. */
public final class StageTypes {
  private static final List<StageType<?>> ALL =
      List.of(
          new BakeManifestsSpec.Type(),
          new DeploySpec.Type(),
          new PatchSpec.Type(),
          new ScaleSpec.Type(),
          new UndoRolloutSpec.Type(),
          new DeleteSpec.Type(),
          new RunJobSpec.Type(),
          new ApprovalSpec.Type(),
          new WaitSpec.Type(),
          new WebhookSpec.Type(),
          new CheckPreconditionsSpec.Type(),
          new PipelineStageSpec.Type());

  private static final Map<String, StageType<?>> BY_KIND = index();

  private StageTypes() {}

  public static List<StageType<?>> all() {
    return ALL;
  }

  public static Optional<StageType<?>> byKind(String kind) {
    return Optional.ofNullable(BY_KIND.get(kind));
  }

  /** The kinds, in registry order. */
  public static List<String> kinds() {
    return List.copyOf(BY_KIND.keySet());
  }

  private static Map<String, StageType<?>> index() {
    Map<String, StageType<?>> out = new LinkedHashMap<>();
    for (StageType<?> type : ALL) {
      if (out.put(type.kind(), type) != null) {
        throw new IllegalStateException("two stage types claim the kind " + type.kind());
      }
    }
    return out;
  }
}
