package dev.switchyard.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One HTTP/1.1 exchange on a plain socket, for what a high-level client hides: a stream that goes
 * silent, a connection closed without an answer, closing mid-stream. A background thread collects the
 * bytes; it can be held back to play a client that does not read.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private static final byte[] LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private final Bytes received = new Bytes();
    private final CountDownLatch reading = new CountDownLatch(1);
    private volatile boolean eof;

    private RawHttp(Socket socket, boolean readNow) {
        this.socket = socket;
        Thread reader = new Thread(this::readLoop, "raw-http-reader");
        reader.setDaemon(true);
        reader.start();
        if (readNow) {
            startReading();
        }
    }

    static RawHttp post(int port, String path, String body, boolean readNow) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: " + SimulatorTestBase.KEY
                + "\r\nanthropic-version: " + SimulatorTestBase.VERSION
                + "\r\ncontent-type: application/json\r\ncontent-length: " + bytes.length + "\r\n\r\n";
        return send(port, head, bytes, readNow);
    }

    static RawHttp send(int port, String head, byte[] body, boolean readNow) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return new RawHttp(socket, readNow);
    }

    void startReading() {
        reading.countDown();
    }

    private void readLoop() {
        try {
            reading.await();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (received) {
                    received.write(buf, 0, n);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the socket was closed by the test or reset by the server: both end the exchange
        } finally {
            eof = true;
        }
    }

    /** Everything received so far, head included. */
    String text() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    boolean eof() {
        return eof;
    }

    String head() {
        String text = text();
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? "" : text.substring(0, end);
    }

    /** The chunked body received so far, de-chunked; only whole chunks. */
    String body() {
        String text = text();
        int pos = text.indexOf("\r\n\r\n");
        if (pos < 0) {
            return "";
        }
        pos += 4;
        StringBuilder body = new StringBuilder();
        while (true) {
            int lineEnd = text.indexOf("\r\n", pos);
            if (lineEnd < 0) {
                return body.toString();
            }
            int size = Integer.parseInt(text.substring(pos, lineEnd).trim(), 16);
            int start = lineEnd + 2;
            if (size == 0 || start + size + 2 > text.length()) {
                return body.toString();
            }
            body.append(text, start, start + size);
            pos = start + size + 2;
        }
    }

    /** True once the terminating zero-length chunk has arrived. */
    boolean complete() {
        synchronized (received) {
            return received.endsWith(LAST_CHUNK);
        }
    }

    /** The complete SSE events received so far. */
    List<SseEvent> events() {
        return SseEvent.parse(body());
    }

    @Override
    public void close() throws IOException {
        socket.close();
        startReading();
    }

    /** Lets the tail be checked without copying everything received. */
    private static final class Bytes extends ByteArrayOutputStream {
        boolean endsWith(byte[] end) {
            return count >= end.length
                    && Arrays.equals(buf, count - end.length, count, end, 0, end.length);
        }
    }

    record SseEvent(String event, String data) {
        static List<SseEvent> parse(String body) {
            List<SseEvent> events = new ArrayList<>();
            int pos = 0;
            int end;
            while ((end = body.indexOf("\n\n", pos)) >= 0) {
                String event = null;
                StringBuilder data = new StringBuilder();
                for (String line : body.substring(pos, end).split("\n")) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    }
                }
                events.add(new SseEvent(event, data.toString()));
                pos = end + 2;
            }
            return events;
        }
    }
}
