package dev.gennaker.agent.controlplane;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Something the agent saw in the cluster. Today one type: {@code drift}, a change to a managed
 * object that Gennaker did not make.
 *
 * @param type {@code drift}
 * @param kind object kind
 * @param namespace object namespace
 * @param name object name
 * @param managers field managers that made the change (from {@code managedFields}), when known
 * @param fields the fields they changed, e.g. {@code spec.replicas}
 * @param time when the cluster recorded the change (RFC 3339), when known
 * @param message one readable sentence
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AgentEvent(
    String type,
    String kind,
    String namespace,
    String name,
    List<String> managers,
    List<String> fields,
    String time,
    String message) {}
