package dev.gennaker.core.secret;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures everything written to stdout, stderr and java.util.logging (which SLF4J-free libraries
 * and the JDK use) while it is open, and still passes it through.
 */
public final class OutputCapture implements AutoCloseable {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final Logger root = Logger.getLogger("");
  private final Level rootLevel = root.getLevel();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (bytes) {
            bytes.writeBytes(
                (r.getLevel()
                        + " "
                        + r.getLoggerName()
                        + " "
                        + r.getMessage()
                        + " "
                        + r.getThrown()
                        + "\n")
                    .getBytes(StandardCharsets.UTF_8));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  public OutputCapture() {
    System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
    handler.setLevel(Level.ALL);
    root.setLevel(Level.ALL);
    root.addHandler(handler);
  }

  private final class Tee extends java.io.OutputStream {
    private final PrintStream through;

    Tee(PrintStream through) {
      this.through = through;
    }

    @Override
    public void write(int b) {
      synchronized (bytes) {
        bytes.write(b);
      }
      through.write(b);
    }
  }

  public String text() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    root.removeHandler(handler);
    root.setLevel(rootLevel);
  }
}
