package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A connection the server closes before answering (as ClickHouse closes a pooled connection it
 * found idle) is retried once on a new connection; a second such close is a connection failure. The
 * server here is a loopback socket that drops the first {@code drops} connections after reading
 * their request and answers the next as ClickHouse would.
 */
class ClickHouseHttpStaleConnectionTest {
  @Test
  void aRequestTheServerDroppedUnreadIsSentOnceMore() throws Exception {
    try (Server server = new Server(1);
        ClickHouseHttp client = ClickHouseHttp.builder(server.uri()).build()) {
      assertThat(client.select("SELECT 1").getFirst().int64(0)).isEqualTo(1);
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  @Test
  void aSecondDropIsAConnectionFailure() throws Exception {
    try (Server server = new Server(2);
        ClickHouseHttp client = ClickHouseHttp.builder(server.uri()).build()) {
      assertThatThrownBy(() -> client.select("SELECT 1"))
          .isInstanceOf(ClickHouseConnectionException.class)
          .hasMessageContaining("received no bytes");
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  /** ClickHouse's answer to SELECT 1, closing the connection. */
  private static final String ANSWER =
      String.join(
          "\r\n",
          "HTTP/1.1 200 OK",
          "Content-Type: text/tab-separated-values",
          "Content-Length: 2",
          "Connection: close",
          "",
          "1\n");

  private static final class Server implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket socket;
    private final Thread thread;

    Server(int drops) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!socket.isClosed()) {
                      try (Socket s = socket.accept()) {
                        int n = connections.incrementAndGet();
                        readRequest(s.getInputStream());
                        if (n > drops) {
                          OutputStream out = s.getOutputStream();
                          out.write(ANSWER.getBytes(StandardCharsets.US_ASCII));
                          out.flush();
                        }
                      } catch (IOException e) {
                        return;
                      }
                    }
                  });
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }

    /** Reads the headers and the body of one request (its Content-Length). */
    private static void readRequest(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.append((char) b);
      }
      int length = 0;
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring("content-length:".length()).trim());
        }
      }
      in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
      socket.close();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
