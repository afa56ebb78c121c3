package dev.gennaker.core.pipeline.stage;

/** The typed {@code with} block of a stage; one record per stage type. */
public sealed interface StageSpec
    permits BakeManifestsSpec,
        DeploySpec,
        PatchSpec,
        ScaleSpec,
        UndoRolloutSpec,
        DeleteSpec,
        RunJobSpec,
        ApprovalSpec,
        WaitSpec,
        WebhookSpec,
        CheckPreconditionsSpec,
        PipelineStageSpec {}
