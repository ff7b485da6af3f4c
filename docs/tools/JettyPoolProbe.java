import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * How many buffers of Jetty's default pool a server holds while its handlers wait (docs/PERFORMANCE.md, ingress,
 * session 15): a server configured as JettyServers configured it before session 15 (the default ArrayByteBufferPool),
 * a handler that reads the body and then waits 200 ms as the ingress waits for the pipeline, and CLIENTS keep-alive
 * clients posting in a loop. Every 3 s it prints the pool's buckets that hold buffers, with how many are in use.
 *
 * <pre>./llm-router --help >/dev/null   # builds pipeline/target/lib
 * $(ls -d /usr/lib/jvm/temurin-25*)/bin/java -cp "pipeline/target/lib/*" docs/tools/JettyPoolProbe.java 1024</pre>
 */
public class JettyPoolProbe {

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        ArrayByteBufferPool pool = new ArrayByteBufferPool();
        Server server = new Server(new VirtualThreadPool(clients + 64), null, pool);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        connector.setAcceptQueueSize(clients * 2);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = Content.Source.asInputStream(request).readAllBytes();
                Thread.sleep(200);
                response.write(true, ByteBuffer.wrap(("{\"read\":" + body.length + "}").getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        String body = "x".repeat(600);
        byte[] post = ("POST /v1/chat/completions HTTP/1.1\r\nHost: probe\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < clients; i++) {
            Thread.ofVirtual().start(() -> postForever(connector.getLocalPort(), post));
        }
        for (int round = 0; round < 3; round++) {
            Thread.sleep(3000);
            StringBuilder dump = new StringBuilder();
            pool.dump(dump, "");
            dump.toString().lines().filter(line -> line.contains("in-use=") && !line.contains("in-use=0/0")).forEach(System.out::println);
        }
        System.exit(0);
    }

    private static void postForever(int port, byte[] post) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (true) {
                out.write(post);
                out.flush();
                int length = -1;
                StringBuilder line = new StringBuilder();
                for (int c = in.read(); ; c = in.read()) {
                    if (c < 0) {
                        return;
                    }
                    if (c != '\n') {
                        line.append((char) c);
                        continue;
                    }
                    String header = line.toString().trim();
                    line.setLength(0);
                    if (header.isEmpty()) {
                        break;
                    }
                    if (header.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                in.readNBytes(length);
            }
        } catch (IOException e) {
            // The probe exits with System.exit; connections die with it.
        }
    }
}
