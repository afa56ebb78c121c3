package dev.gennaker.statemachines.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.statemachines.asl.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The data directory: {@code state-machines.jsonl} (one line per create, update or delete) and one
 * append-only file per execution under {@code executions/}: a header line, then history events
 * ({@code {"e":...}}) and checkpoints of the execution's frames ({@code {"c":...}}). A checkpoint
 * records how many events it covers; on replay, the last complete checkpoint wins and events after
 * it are dropped, because the work that produced them is done again (which is why tasks are
 * at-least-once). A torn last line (the process died mid-write) is ignored. When an execution ends,
 * or after {@link #compactAfterBytes} of appends, its file is rewritten as header, events and last
 * checkpoint (into a temporary file that is then atomically moved over the old one).
 *
 * <p>Files are opened per write, not held open, so parked executions cost no file handles. With
 * {@code fsync} each write is forced to the device before the turn's side effects start.
 */
final class Journal {
  /** Appended characters after which a running execution's file is compacted (tests lower it). */
  static volatile long compactAfterBytes = 16L << 20;

  private final Path dir;
  private final boolean fsync;

  Journal(Path dir, boolean fsync) {
    this.dir = dir;
    this.fsync = fsync;
    if (dir != null) {
      try {
        Files.createDirectories(dir.resolve("executions"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  boolean enabled() {
    return dir != null;
  }

  Path executionsDir() {
    return dir.resolve("executions");
  }

  Path stateMachinesFile() {
    return dir.resolve("state-machines.jsonl");
  }

  void appendStateMachineRecord(ObjectNode record) {
    if (dir != null) {
      append(stateMachinesFile(), Json.write(record) + "\n");
    }
  }

  void writeHeader(Execution e, String id) {
    if (dir == null) {
      return;
    }
    e.journalFile = executionsDir().resolve(id + ".jsonl");
    append(e.journalFile, Json.write(header(e)) + "\n");
  }

  private static ObjectNode header(Execution e) {
    ObjectNode h = Json.object();
    ObjectNode d = h.putObject("h");
    d.put("arn", e.arn).put("name", e.name).put("stateMachineArn", e.stateMachineArn);
    d.put("definition", e.definition).put("input", Json.write(e.input));
    d.put("start", e.startMillis).put("roleArn", e.roleArn);
    return h;
  }

  /** Called on the execution's actor at the end of a turn that changed something. */
  void checkpoint(Execution e) {
    if (dir == null) {
      e.journalled = e.history.size();
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = e.journalled; i < e.history.size(); i++) {
      sb.append("{\"e\":").append(e.history.get(i)).append("}\n");
    }
    e.journalled = e.history.size();
    sb.append("{\"c\":").append(Json.write(e.snapshot())).append("}\n");
    // Every checkpoint repeats the whole state, so a long-running execution's file would grow
    // without bound; past a threshold it is rewritten like a finished one.
    if (!e.status.equals("RUNNING") || e.journalBytes + sb.length() > compactAfterBytes) {
      compact(e);
      e.journalBytes = 0;
    } else {
      append(e.journalFile, sb.toString());
      e.journalBytes += sb.length();
    }
  }

  private void compact(Execution e) {
    StringBuilder sb = new StringBuilder(Json.write(header(e))).append('\n');
    for (String ev : e.history) {
      sb.append("{\"e\":").append(ev).append("}\n");
    }
    sb.append("{\"c\":").append(Json.write(e.snapshot())).append("}\n");
    Path tmp = e.journalFile.resolveSibling(e.journalFile.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      append(tmp, sb.toString());
      Files.move(
          tmp, e.journalFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private void append(Path file, String text) {
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (fsync) {
        ch.force(false);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** One execution file read back: its header, its events and its last checkpoint (or null). */
  record Replayed(Path file, JsonNode header, List<String> events, ObjectNode checkpoint) {}

  List<Replayed> replayExecutions() {
    List<Replayed> out = new ArrayList<>();
    try (var files = Files.list(executionsDir())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        JsonNode header = null;
        List<String> events = new ArrayList<>();
        ObjectNode checkpoint = null;
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          JsonNode n;
          try {
            n = Json.parse(line);
          } catch (IllegalArgumentException torn) {
            break;
          }
          if (n.has("h")) {
            header = n.get("h");
          } else if (n.has("e")) {
            events.add(Json.write(n.get("e")));
          } else if (n.has("c")) {
            checkpoint = (ObjectNode) n.get("c");
          }
        }
        if (header != null) {
          if (checkpoint != null) {
            events =
                new ArrayList<>(
                    events.subList(0, Math.min(events.size(), checkpoint.get("events").asInt())));
          } else {
            events.clear();
          }
          out.add(new Replayed(f, header, events, checkpoint));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  List<JsonNode> replayStateMachines() {
    List<JsonNode> out = new ArrayList<>();
    if (dir == null || !Files.exists(stateMachinesFile())) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(stateMachinesFile(), StandardCharsets.UTF_8)) {
        try {
          out.add(Json.parse(line));
        } catch (IllegalArgumentException torn) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
