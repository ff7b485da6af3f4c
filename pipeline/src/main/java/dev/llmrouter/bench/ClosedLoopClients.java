package dev.llmrouter.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

/**
 * Closed-loop HTTP/1.1 clients on one thread and one selector, as wrk runs them: every client has a keep-alive
 * connection of its own and writes its next request as soon as the last is answered. The load generator shares the
 * cores with what it measures, so it does no more than it must: no hand-off between threads from an answer to the
 * next request, answers read only as far as their status, {@code Content-Length} and one body field. It speaks only
 * what the servers it measures answer with: a {@code Content-Length} on every answer (an answer without one fails
 * the request, with that reason).
 */
final class ClosedLoopClients implements AutoCloseable {

    /** What client {@code client} sends as its {@code index}-th request: a POST of these bytes, or a GET when null. */
    @FunctionalInterface
    interface Bodies {
        byte[] body(int client, int index);
    }

    /**
     * @param micros     round trips of the requests answered with 200, in microseconds
     * @param bodyLongs  for each of those, the number after {@code field} in the answer, where the answer had one
     * @param failed     requests not answered with 200: another status, a closed connection or no answer in time
     * @param seconds    from the first request to the last answer
     * @param firstError the first failure's reason, or null
     */
    record Outcome(long[] micros, long[] bodyLongs, long failed, double seconds, String firstError) {
    }

    private static final int SELECT_MS = 50;
    private static final int FIRST_READ_BYTES = 4_096;

    private final ExecutorService thread;
    private final int maxAnswerBytes;
    private final Duration requestTimeout;

    /** One long-lived thread named {@code threadName}, so that its CPU time can be told apart across runs. */
    ClosedLoopClients(String threadName, int maxAnswerBytes, Duration requestTimeout) {
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, threadName);
            t.setDaemon(true);
            return t;
        });
        this.maxAnswerBytes = maxAnswerBytes;
        this.requestTimeout = requestTimeout;
    }

    /**
     * {@code clients} clients on fresh connections, each sending until {@code length} has passed; then waits for the
     * last answers (at most the request time-out) and closes the connections.
     *
     * @param field the start of a JSON member whose number each answer's body is searched for, e.g. {@code "latency_ms":}
     */
    Outcome run(URI uri, int clients, Duration length, Bodies bodies, String field) throws IOException, InterruptedException {
        try {
            return thread.submit(() -> new Loop(uri, clients, length, bodies, field).run()).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("load generator failed", e.getCause());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** One run: its selector, connections and figures, all confined to the load generator's thread. */
    private final class Loop {

        private final InetSocketAddress address;
        private final String head;
        private final Bodies bodies;
        private final byte[] field;
        private final Selector selector;
        private final Connection[] connections;
        private final LongStream.Builder micros = LongStream.builder();
        private final LongStream.Builder bodyLongs = LongStream.builder();
        private final long start;
        private final long deadline;
        private long failed;
        private String firstError;
        private int active;

        Loop(URI uri, int clients, Duration length, Bodies bodies, String field) throws IOException {
            this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            this.head = " " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n";
            this.bodies = bodies;
            this.field = field.getBytes(StandardCharsets.UTF_8);
            this.selector = Selector.open();
            this.connections = new Connection[clients];
            this.start = System.nanoTime();
            this.deadline = start + length.toNanos();
            this.active = clients;
            for (int c = 0; c < clients; c++) {
                connections[c] = new Connection(c);
                connections[c].open();
            }
        }

        Outcome run() throws IOException {
            long giveUp = deadline + requestTimeout.toNanos() + Duration.ofSeconds(10).toNanos();
            long nextSweep = System.nanoTime() + requestTimeout.toNanos() / 10;
            try {
                while (active > 0) {
                    selector.select(SELECT_MS);
                    Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                    while (ready.hasNext()) {
                        SelectionKey key = ready.next();
                        ready.remove();
                        ((Connection) key.attachment()).ready(key);
                    }
                    long now = System.nanoTime();
                    if (now >= nextSweep) {
                        for (Connection connection : connections) {
                            connection.expire(now);
                        }
                        nextSweep = now + requestTimeout.toNanos() / 10;
                    }
                    if (now >= giveUp) {
                        fail(active + " clients never finished");
                        break;
                    }
                }
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
                selector.close();
            }
            return new Outcome(micros.build().toArray(), bodyLongs.build().toArray(), failed, (System.nanoTime() - start) / 1e9, firstError);
        }

        private void fail(String reason) {
            failed++;
            if (firstError == null) {
                firstError = reason;
            }
        }

        /** One client: a connection carrying one request at a time. */
        private final class Connection {

            private final int client;
            private int index;
            private SocketChannel channel;
            private SelectionKey key;
            private ByteBuffer out;
            private ByteBuffer in = ByteBuffer.allocate(FIRST_READ_BYTES);
            private long sentAt;
            private boolean inFlight;
            private boolean finished;

            Connection(int client) {
                this.client = client;
            }

            void open() throws IOException {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                key = channel.register(selector, channel.connect(address) ? 0 : SelectionKey.OP_CONNECT, this);
                if (channel.isConnected()) {
                    sendNext();
                }
            }

            void ready(SelectionKey selected) {
                if (selected != key || !selected.isValid()) {
                    // Still selected from a connection this client has already replaced.
                    return;
                }
                try {
                    if (selected.isConnectable() && channel.finishConnect()) {
                        sendNext();
                        return;
                    }
                    if (selected.isWritable()) {
                        flush();
                    }
                    if (selected.isReadable()) {
                        read();
                    }
                } catch (IOException | RuntimeException e) {
                    broken(e.toString());
                }
            }

            void expire(long now) {
                if (inFlight && now - sentAt > requestTimeout.toNanos()) {
                    broken("no answer within " + requestTimeout.toMillis() + " ms");
                }
            }

            private void sendNext() throws IOException {
                if (System.nanoTime() >= deadline) {
                    finish();
                    return;
                }
                byte[] body = bodies.body(client, index++);
                String request = body == null
                        ? "GET" + head + "\r\n"
                        : "POST" + head + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
                byte[] requestHead = request.getBytes(StandardCharsets.ISO_8859_1);
                out = ByteBuffer.allocate(requestHead.length + (body == null ? 0 : body.length)).put(requestHead);
                if (body != null) {
                    out.put(body);
                }
                out.flip();
                in.clear();
                inFlight = true;
                sentAt = System.nanoTime();
                flush();
            }

            private void flush() throws IOException {
                channel.write(out);
                key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }

            private void read() throws IOException {
                if (!in.hasRemaining()) {
                    if (in.capacity() >= maxAnswerBytes) {
                        throw new IOException("answer larger than " + maxAnswerBytes + " bytes");
                    }
                    in = ByteBuffer.allocate(Math.min(maxAnswerBytes, in.capacity() * 2)).put(in.flip());
                }
                if (channel.read(in) < 0) {
                    throw new IOException("connection closed by the server" + (inFlight ? " before answering" : ""));
                }
                byte[] bytes = in.array();
                int headEnd = indexOf(bytes, 0, in.position(), HEAD_END);
                if (headEnd < 0) {
                    return;
                }
                // Header names are case-insensitive: read them lower-cased, once.
                String header = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                long length = contentLength(header);
                int bodyStart = headEnd + HEAD_END.length;
                if (in.position() < bodyStart + length) {
                    return;
                }
                answered(header, bytes, bodyStart, (int) length);
            }

            private void answered(String header, byte[] bytes, int bodyStart, int length) throws IOException {
                long took = (System.nanoTime() - sentAt) / 1_000;
                inFlight = false;
                int status = Integer.parseInt(header, header.indexOf(' ') + 1, header.indexOf(' ') + 4, 10);
                if (status == 200) {
                    micros.add(took);
                    long value = numberAfter(bytes, bodyStart, bodyStart + length, field);
                    if (value >= 0) {
                        bodyLongs.add(value);
                    }
                } else {
                    fail(status + " " + new String(bytes, bodyStart, length, StandardCharsets.UTF_8));
                }
                if (header.contains("\r\nconnection: close")) {
                    reopen();
                } else {
                    sendNext();
                }
            }

            /** A request that failed on the connection: counted, and the client goes on on a new one. */
            private void broken(String reason) {
                if (finished) {
                    return;
                }
                boolean counted = inFlight || !channel.isConnected();
                inFlight = false;
                if (counted) {
                    fail(reason);
                }
                try {
                    reopen();
                } catch (IOException e) {
                    fail(e.toString());
                    finish();
                }
            }

            private void reopen() throws IOException {
                close();
                if (System.nanoTime() >= deadline) {
                    finish();
                } else {
                    open();
                }
            }

            private void finish() {
                if (!finished) {
                    finished = true;
                    active--;
                    close();
                }
            }

            void close() {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Closing a socket the run is done with; nothing to save.
                }
            }
        }
    }

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    /** The {@code Content-Length} of a lower-cased header. */
    private static long contentLength(String header) throws IOException {
        int at = header.indexOf("\r\ncontent-length:");
        if (at < 0) {
            throw new IOException("answer without Content-Length: " + header.lines().findFirst().orElse(""));
        }
        int from = at + "\r\ncontent-length:".length();
        int to = header.indexOf('\r', from);
        return Long.parseLong(header.substring(from, to < 0 ? header.length() : to).trim());
    }

    static int indexOf(byte[] bytes, int from, int to, byte[] wanted) {
        for (int i = from; i <= to - wanted.length; i++) {
            if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
                return i;
            }
        }
        return -1;
    }

    /** The non-negative integer right after {@code field} in {@code bytes[from, to)}, or -1. */
    static long numberAfter(byte[] bytes, int from, int to, byte[] field) {
        int at = indexOf(bytes, from, to, field);
        if (at < 0) {
            return -1;
        }
        long value = -1;
        for (int i = at + field.length; i < to && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            value = (value < 0 ? 0 : value * 10) + (bytes[i] - '0');
        }
        return value;
    }
}
